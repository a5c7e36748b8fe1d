/**
 * The resolved program model: what the engines consume.
 *
 * A program file is parsed and validated into these types by src/model/resolve.ts. Everything here is plain data with
 * units already applied: durations in working days (numbers), dates as ISO `YYYY-MM-DD` strings, defaults filled in,
 * references checked. Each entity keeps `loc`, the place in the source file that declared it, so that an engine finding
 * (a cycle, an over-allocation) can point back to the line.
 *
 * The raw file shape (values as written, e.g. `2w`) is `ProgramDoc` in schema.ts; the store keeps that, so an export
 * gives back what the TPM wrote.
 */

/** Where an entity or value was declared. Lines and columns are 1-based. */
export type SourceLoc = { file: string; line: number; col: number };

export type IsoDate = string;

export type DistKind = 'fixed' | 'pert' | 'triangular' | 'lognormal';

/** A duration estimate in working days. A fixed estimate has low = likely = high and dist 'fixed'. */
export type Estimate = { low: number; likely: number; high: number; dist: DistKind };

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export type CalendarSpec = {
  workdays: Weekday[];
  holidays: IsoDate[];
};

/** An inclusive range of dates. */
export type DateRange = { from: IsoDate; to: IsoDate };

/** A finish-to-start dependency. `program` is set for a cross-program reference `<program-id>/<item-id>`. */
export type Dependency = { id: string; program?: string; lag: number; loc?: SourceLoc };

export type Raci = { r: string[]; a?: string; c: string[]; i: string[] };

export type ItemStatus = 'todo' | 'doing' | 'done' | 'blocked' | 'cut';

export type Item = {
  id: string;
  title: string;
  workstream?: string;
  owner?: string;
  /** Resource units used on each working day of the item, already defaulted ({owner: 1} when owner is set). */
  needs: Record<string, number>;
  /** True when `needs` was written in the file, false when it was derived from the owner. */
  needsExplicit: boolean;
  estimate?: Estimate;
  after: Dependency[];
  /** The item's own objectives (the workstream's are added by `itemObjectives`). */
  objectives: string[];
  must: boolean;
  value?: number;
  timeCriticality?: number;
  riskReduction?: number;
  reach?: number;
  impact?: number;
  confidence?: number;
  status: ItemStatus;
  started?: IsoDate;
  finished?: IsoDate;
  remaining?: Estimate;
  raci?: Partial<Raci>;
  tags: string[];
  links: Record<string, string>;
  loc?: SourceLoc;
};

export type MetricSpec = { name: string; unit?: string; baseline?: number; target?: number; current?: number };

export type Objective = {
  id: string;
  title: string;
  parent?: string;
  weight: number;
  due?: IsoDate;
  metric?: MetricSpec;
  loc?: SourceLoc;
};

export type Person = {
  id: string;
  name: string;
  role?: string;
  team?: string;
  /** Fraction of full time, default 1. */
  capacity: number;
  skills: string[];
  off: DateRange[];
  email?: string;
  loc?: SourceLoc;
};

export type Team = { id: string; name: string; capacity: number; loc?: SourceLoc };

export type Workstream = {
  id: string;
  title: string;
  lead?: string;
  objectives: string[];
  raci?: Partial<Raci>;
  loc?: SourceLoc;
};

export type Milestone = {
  id: string;
  title: string;
  after: Dependency[];
  /** The committed date, if any. */
  date?: IsoDate;
  objectives: string[];
  loc?: SourceLoc;
};

export type RiskKind = 'risk' | 'assumption' | 'issue';
export type RiskStatus = 'open' | 'mitigated' | 'occurred' | 'closed';

export type Risk = {
  id: string;
  kind: RiskKind;
  title: string;
  probability?: number;
  impact?: { days: number; items: string[] };
  severity?: number;
  owner?: string;
  mitigation?: string;
  trigger?: string;
  status: RiskStatus;
  review?: IsoDate;
  loc?: SourceLoc;
};

export type Decision = {
  id: string;
  date?: IsoDate;
  title: string;
  owner?: string;
  status?: string;
  context?: string;
  options: string[];
  decision?: string;
  supersedes?: string;
  items: string[];
  risks: string[];
  loc?: SourceLoc;
};

export type Lesson = {
  id: string;
  date?: IsoDate;
  title: string;
  change?: string;
  items: string[];
  risks: string[];
  loc?: SourceLoc;
};

export type Level = 'low' | 'medium' | 'high';

export type Stakeholder = {
  id: string;
  name: string;
  influence?: Level;
  interest?: Level;
  caresAbout: string[];
  channel?: 'email' | 'slack' | 'meeting' | 'doc';
  cadence?: 'weekly' | 'biweekly' | 'monthly';
  lastUpdate?: IsoDate;
  loc?: SourceLoc;
};

export type TimeRule = { match: string; kind: 'strategic' | 'tactical' };

export type TimeSpec = {
  email?: string;
  targetStrategic?: number;
  /** Paths as written in the file, relative to the program file. */
  calendars: string[];
  rules: TimeRule[];
};

/** A finished (or started) piece of work from the tracker. */
export type HistoryEntry = {
  id: string;
  created?: IsoDate;
  started?: IsoDate;
  finished?: IsoDate;
  /** Estimate in working days, when known. */
  estimate?: Estimate;
  type?: string;
  workstream?: string;
};

export type PrioritizeMethod = 'wsjf' | 'rice' | 'value';

export type ProgramInfo = {
  id: string;
  name: string;
  start: IsoDate;
  target?: IsoDate;
  /** Percentile used for commitments, 0..1 (default 0.85). */
  confidence: number;
  tpm?: string;
  calendar: CalendarSpec;
  prioritize: PrioritizeMethod;
};

export type Program = {
  version: 1;
  /** The file the program was read from (as given to the loader), for messages. */
  file: string;
  program: ProgramInfo;
  objectives: Objective[];
  people: Person[];
  teams: Team[];
  workstreams: Workstream[];
  items: Item[];
  milestones: Milestone[];
  risks: Risk[];
  decisions: Decision[];
  lessons: Lesson[];
  stakeholders: Stakeholder[];
  time?: TimeSpec;
  history: HistoryEntry[];
  /** Sections of rules, thresholds and other extensions, kept as data. */
  extensions: Record<string, unknown>;
};

/** A portfolio: several programs whose items may depend on each other (`<program-id>/<item-id>`). */
export type Portfolio = {
  id: string;
  name: string;
  file: string;
  programs: Program[];
};
