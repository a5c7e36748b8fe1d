/**
 * The API's JSON as the cockpit reads it: the parts of `vantage schedule|forecast|brief --format json` (served by
 * /api/programs/{id}/{engine}) that the views use. The server's renderers are the contract; these mirror them.
 */
/** Timeline zoom levels (in the URL as ?zoom=). */
export const ZOOMS = ['week', 'month', 'quarter'] as const;
export type Zoom = (typeof ZOOMS)[number];

export type Health = 'on-track' | 'at-risk' | 'off-track';

export type ProgramSummary = { id: string; name: string; fileName: string; version: number; updatedAt: string; items: number };

export type ScheduledItem = {
  id: string;
  title: string;
  status: string;
  workstream?: string;
  owner?: string;
  start: string;
  finish: string;
  slack: number;
  critical: boolean;
  duration: number;
};

export type ScheduledMilestone = { id: string; title: string; date: string; committed?: string; critical: boolean; late: boolean };

export type ScheduleJson = {
  program: { id: string; name: string; start: string; finish: string; today: string; target?: string; late?: boolean };
  items: ScheduledItem[];
  milestones: ScheduledMilestone[];
  criticalPath: string[];
};

export type ForecastJson = {
  program: { p50: string; p85: string; p95: string; target?: string; probabilityOnTarget?: number; confidence: number; atConfidence: string };
  milestones: { id: string; title: string; p50: string; p85: string; p95: string; date?: string; probabilityOnDate?: number }[];
};

export type BriefReason = { rule: string; status: Health; text: string; subject?: { type: string; id: string } };

export type BriefJson = {
  program: { id: string; name: string; target?: string; confidence: number; today: string };
  headline: { status: Health; text: string; reasons: BriefReason[] };
  forecast: { p50: string; p85: string; p95: string; atConfidence: string; probabilityOnTarget?: number; planned: string };
  objectives: { id: string; title: string; metric?: { name: string; unit?: string; baseline?: number; target?: number; current?: number }; work?: { total: number; done: number; open: number } }[];
  milestones: { id: string; title: string; date?: string; p50: string; atConfidence: string; probabilityOnDate?: number; reached: boolean }[];
  risks: { id: string; title: string; probability?: number; impactDays?: number; days?: number; owner?: string; ownerName?: string }[];
};
