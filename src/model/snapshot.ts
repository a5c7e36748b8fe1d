/**
 * A snapshot: the program's plan, schedule and forecast as they stood on a status date, kept so later runs can say
 * what changed (`vantage diff`, briefs), whether scope grew (risk rules) and how good earlier forecasts were
 * (`vantage metrics` forecast accuracy). Stored as JSON in `.vantage/snapshots/` beside the program file (see
 * src/io/snapshot/store.ts) and later in the store. Plain data only: every field is JSON.
 *
 * Dates are ISO `YYYY-MM-DD`; durations in working days. Arrays are in file order.
 */
import type { IsoDate, ItemStatus, RiskStatus } from './program.js';

export const SNAPSHOT_VERSION = 1;

export type SnapshotItem = {
  id: string;
  title: string;
  workstream?: string;
  status: ItemStatus;
  must: boolean;
  /** Expected (mean) duration in working days from the estimate; 0 when there is none. */
  estimateDays: number;
  objectives: string[];
  owner?: string;
  /** Scheduled start and finish (absent for cut items). */
  start?: IsoDate;
  finish?: IsoDate;
};

export type SnapshotMilestone = {
  id: string;
  title: string;
  /** The committed date in the file, if any. */
  date?: IsoDate;
  /** Deterministic schedule's date. */
  planned?: IsoDate;
  p50?: IsoDate;
  p85?: IsoDate;
  p95?: IsoDate;
  probabilityOnDate?: number;
};

export type SnapshotRisk = {
  id: string;
  title: string;
  kind: string;
  status: RiskStatus;
  probability?: number;
  impactDays?: number;
  severity?: number;
  owner?: string;
};

export type SnapshotObjective = {
  id: string;
  title: string;
  metric?: string;
  baseline?: number;
  current?: number;
  target?: number;
  due?: IsoDate;
};

export type SnapshotDecision = { id: string; title: string; status?: string; date?: IsoDate };

export type Snapshot = {
  vantageSnapshot: typeof SNAPSHOT_VERSION;
  /** Unique within the folder; sortable: `<statusDate>T<HHMMSS>Z` of when it was taken, e.g. `2026-11-25T041500Z`. */
  id: string;
  /** When it was taken (ISO timestamp, UTC). */
  takenAt: string;
  /** The status date the plan and forecast were computed for. */
  statusDate: IsoDate;
  /** Optional label given by the user (`vantage snapshot FILE --label baseline`). */
  label?: string;
  program: { id: string; name: string; start: IsoDate; target?: IsoDate; confidence: number };
  items: SnapshotItem[];
  milestones: SnapshotMilestone[];
  risks: SnapshotRisk[];
  objectives: SnapshotObjective[];
  decisions: SnapshotDecision[];
  /** Deterministic (levelled when needed) schedule's finish. */
  planned: IsoDate;
  /** The Monte Carlo forecast of the program finish, when one was run. */
  forecast?: {
    trials: number;
    seed: number;
    p50: IsoDate;
    p85: IsoDate;
    p95: IsoDate;
    atConfidence: IsoDate;
    probabilityOnTarget?: number;
  };
  /** The program file's text as it was, for anything the summary above leaves out. */
  source: string;
};
