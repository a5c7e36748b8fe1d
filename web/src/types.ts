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

/** `vantage forecast --format json` (src/cli/render/forecast-json.ts): target and probabilities are null when there is no date. */
export type ForecastJson = {
  program: { p50: string; p85: string; p95: string; target?: string | null; probabilityOnTarget?: number | null; confidence: number; atConfidence: string; deterministic?: string };
  milestones: { id: string; title: string; p50: string; p85: string; p95: string; date?: string | null; probabilityOnDate?: number | null }[];
  /** Criticality 0..1: the share of trials in which the item was on the critical path. */
  items?: { id: string; criticality: number }[];
  /** The tornado: `days` is the working days the risk adds to the finish at the program's confidence. */
  risks?: { id: string; title: string; days: number; meanDays: number; probability?: number; impactDays?: number }[];
  histogram?: { date: string; count: number }[];
  /** Cumulative probability of finishing on or before each date. */
  sCurve?: { date: string; probability: number }[];
  trials?: number;
  seed?: number;
  today?: string;
};

/** One risk of the register (src/engine/risk/register.ts RegisterEntry). */
export type RegisterRisk = {
  id: string;
  title: string;
  kind: string;
  status: string;
  owner?: string;
  mitigation?: string;
  probability?: number;
  impactDays?: number;
  scheduleDays?: number;
  severity?: number;
  /** Working days (exposureUnit 'days') or a severity score (exposureUnit 'severity'). */
  exposure: number;
  exposureUnit: 'days' | 'severity';
  heat?: { probability: number; impact: number };
  review?: string;
  reviewOverdue: boolean;
  trigger?: string;
  triggerDate?: string;
  triggerFired: boolean;
  missingOwner: boolean;
  missingMitigation: boolean;
  active: boolean;
};

export type RiskFinding = { rule: string; message: string; items: string[]; people: string[]; action: string; severity: 'high' | 'medium' | 'low'; subject: string; key: string };

/** `vantage risks --format json` (served as /api/programs/{id}/risk-report). */
export type RiskReportJson = {
  risks: RegisterRisk[];
  findings: RiskFinding[];
  /** cells[p - 1][i - 1]: the ids of the active risks in probability band p and impact band i. */
  heatMap: { probabilityBands: string[]; impactBands: string[]; cells: string[][][] };
  program: { id: string; name: string };
  today: string;
  forecast: { trials: number; seed: number; confidence: number; atConfidence: string };
};

export type BriefReason = { rule: string; status: Health; text: string; subject?: { type: string; id: string } };

export type BriefJson = {
  program: { id: string; name: string; target?: string; confidence: number; today: string };
  headline: { status: Health; text: string; reasons: BriefReason[] };
  forecast: { p50: string; p85: string; p95: string; atConfidence: string; probabilityOnTarget?: number; planned: string };
  objectives: BriefObjective[];
  milestones: { id: string; title: string; date?: string; p50: string; atConfidence: string; probabilityOnDate?: number; reached: boolean }[];
  risks: { id: string; title: string; probability?: number; impactDays?: number; days?: number; owner?: string; ownerName?: string }[];
  /** What changed since `since` (src/engine/snapshot's diff, one sentence each); empty for a first brief. */
  changes?: BriefChangeJson[];
  /** The snapshot the changes are measured from; null when there is none (the first brief). */
  since?: { id: string; statusDate: string; label?: string } | null;
};

/** An objective's metric as the file gives it (any of the three values may be missing). */
export type BriefMetric = { name: string; unit?: string; baseline?: number; target?: number; current?: number };

/** One objective of the brief (src/engine/brief/objectives.ts ObjectiveStatus): its metric, the work serving it, its forecast. */
export type BriefObjective = {
  id: string;
  title: string;
  parent?: string;
  weight?: number;
  due?: string;
  metric?: BriefMetric;
  metricProgress?: number;
  work?: { total: number; done: number; open: number; items?: { id: string; title: string; status: string; must: boolean }[] };
  milestones?: { id: string; title: string; date?: string }[];
  /** Forecast of its open work (absent when nothing is open). */
  p50?: string;
  atConfidence?: string;
  probabilityOnDue?: number;
  /** When all its work is done: the last finish. */
  finishedOn?: string;
  status?: Health;
  reasons?: BriefReason[];
};

export type BriefChangeJson = { kind: string; subject: { type: string; id: string; title: string }; days?: number; text: string };

/** `GET /api/programs/{id}/brief?format=md|html|slack|text`: the brief as the CLI renders it (slack: Block Kit JSON text). */
export type BriefRendered = { format: 'md' | 'html' | 'slack' | 'text'; audience: 'exec' | 'eng'; content: string };

/** `vantage comms --format json` (src/cli/render/comms-render.ts): who is due an update in the week, and what they care about. */
export type CommsJson = {
  program: string;
  week: { id: string; from: string; to: string };
  stakeholders: {
    id: string;
    name: string;
    influence?: string;
    interest?: string;
    quadrant: string;
    channel?: string;
    cadence?: string;
    lastUpdate?: string;
    nextDue?: string;
    due: boolean;
    overdue: boolean;
    reason: string;
    caresAbout: { id: string; title: string; status: Health | 'unknown'; line: string }[];
  }[];
  due: string[];
};
