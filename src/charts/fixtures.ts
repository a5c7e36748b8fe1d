/** Small chart inputs shared by the chart tests (not imported by production code). */
export const burnupPoints = [
  { date: '2027-01-10', scope: 7, done: 2 },
  { date: '2027-01-17', scope: 9, done: 4 },
  { date: '2027-01-24', scope: 12, done: 7 },
  { date: '2027-01-31', scope: 12, done: 10 },
];

export const cyclePoints = [
  { id: 'A', finished: '2027-01-06', days: 3 },
  { id: 'B <&> "quoted"', finished: '2027-01-08', days: 4 },
  { id: 'C', finished: '2027-01-12', days: 2 },
  { id: 'D', finished: '2027-01-19', days: 13 },
  { id: 'E', finished: '2027-01-25', days: 6 },
];

export const weeks = [
  { week: '2026-W52', count: 3 },
  { week: '2026-W53', count: 0 },
  { week: '2027-W01', count: 5 },
  { week: '2027-W02', count: 2 },
  { week: '2027-W03', count: 4 },
];

export const histogram = [
  { date: '2027-03-01', count: 40 },
  { date: '2027-03-02', count: 120 },
  { date: '2027-03-03', count: 260 },
  { date: '2027-03-04', count: 300 },
  { date: '2027-03-05', count: 180 },
  { date: '2027-03-08', count: 80 },
  { date: '2027-03-09', count: 20 },
];

export const markers = [
  { label: 'P50', date: '2027-03-04' },
  { label: 'P85', date: '2027-03-05' },
  { label: 'target', date: '2027-03-03' },
];
