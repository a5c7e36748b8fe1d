/**
 * The tracker-neutral record every connector produces (Jira REST, Jira CSV, GitHub, Linear) and to-program.ts turns
 * into program-file items. One record per issue; keys are the tracker's own (`ANY23-174`, `acme/shop#12`, `ENG-7`).
 */
import type { IsoDate } from '../../model/program.js';

export type TrackerSource = 'jira' | 'github' | 'linear';

/** The tracker's own coarse state: Jira's status category, GitHub's open/closed, Linear's state type. */
export type StatusCategory = 'todo' | 'doing' | 'done' | 'cut';

/** A status change from the tracker's history. `at` is the timestamp as the tracker wrote it; `date` its date part. */
export type Transition = { at: string; date: IsoDate; from: string; to: string };

export type TrackerRecord = {
  source: TrackerSource;
  /** The tracker's key, kept in the item's `links.<source>`. */
  key: string;
  /** The program item id made from the key (ids are [A-Za-z0-9._-]+). */
  id: string;
  title: string;
  type?: string;
  /** The status name as the tracker shows it ("In Progress"). */
  status: string;
  /** The tracker's category of that status, when it has one. */
  category?: StatusCategory;
  /** Jira's resolution name ("Fixed", "Won't Fix"). */
  resolution?: string;
  /** The epic, parent, milestone or project the record belongs to: becomes its workstream. */
  group?: { key: string; title: string };
  /** Keys of the records that block this one (finish-to-start predecessors). */
  blockedBy: string[];
  /** Story points (or any unit-less estimate), when set. */
  points?: number;
  /** A time estimate in hours (Jira's original estimate), when set. */
  estimateHours?: number;
  labels: string[];
  priority?: string;
  created?: IsoDate;
  /** When the tracker last changed the record (ISO timestamp as written). */
  updated?: string;
  /** Resolution or completion date, when the tracker records one. */
  resolved?: IsoDate;
  /** Started date when the tracker records one directly (Linear's startedAt). */
  startedDirect?: IsoDate;
  /** Status changes, oldest first. */
  transitions: Transition[];
};

const DATE_PART = /^(\d{4}-\d{2}-\d{2})/;

/** The `YYYY-MM-DD` part of a tracker timestamp, or undefined. Example: `2014-05-09T02:39:42.734+0000` → `2014-05-09`. */
export function datePart(timestamp: unknown): IsoDate | undefined {
  return typeof timestamp === 'string' ? DATE_PART.exec(timestamp)?.[1] : undefined;
}

/** A program id from a tracker key: characters outside [A-Za-z0-9._-] become `-`. Example: `acme/shop#12` → `acme-shop-12`. */
export function idFromKey(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'item';
}
