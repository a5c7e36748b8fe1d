/**
 * Shared MSPDI (Microsoft Project XML) pieces for read.ts and write.ts: ISO 8601 durations, custom field ids, and the
 * XML parse with positions.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** MS Project's custom field ids (MSPDI `ExtendedAttribute/FieldID`) that Vantage reads and writes. */
export const FIELD = {
  /** Task Text1: the Vantage id of an item, milestone or workstream. */
  text1: '188743731',
  /** Task Text2: what MS Project has no field for: `dist=triangular`, `status=blocked` (space-separated). */
  text2: '188743734',
  /** Task Number1: the item's position in the program file (levelling ties follow file order). */
  number1: '188743767',
  /** Task Duration1..3: three-point estimate (MS Project's own PERT analysis used these). */
  duration1: '188743783',
  duration2: '188743784',
  duration3: '188743785',
} as const;

/** A parsed XML element: child elements by name (arrays for the repeated ones), text content as strings. */
export type XmlNode = { [key: string]: unknown };

const REPEATED = new Set(['Task', 'PredecessorLink', 'Resource', 'Assignment', 'Calendar', 'WeekDay', 'Exception', 'ExtendedAttribute']);

// fast-xml-parser types its metadata key as the boxed `Symbol`; it is a plain symbol at run time.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Parses XML text; a syntax error comes back with its 1-based line and column. */
export function parseXml(text: string): { root?: XmlNode; error?: { message: string; line: number; col: number } } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { error: { message: valid.err.msg, line: valid.err.line, col: valid.err.col } };
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    captureMetaData: true,
    isArray: (name) => REPEATED.has(name),
  });
  // With ignoreAttributes and parseTagValue off, the parser returns nested objects of strings: XmlNode.
  return { root: parser.parse(text) as XmlNode };
}

/** Character offset of an element in the source (from fast-xml-parser's metadata), when known. */
export function offsetOf(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  // The metadata object fast-xml-parser documents (XMLMetaData), under its symbol key.
  const meta = (node as Record<symbol, unknown>)[META] as { startIndex?: number } | undefined;
  return meta?.startIndex;
}

/** 1-based line and column of a character offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** Minutes in an ISO 8601 duration as MSPDI writes them (`PT8H0M0S`; a `D` counts `minutesPerDay`). */
export function durationMinutes(value: string, minutesPerDay: number): number | undefined {
  const m = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value.trim());
  if (!m || value.trim() === 'P' || value.trim() === 'PT') return undefined;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  if (n(m[2]) !== 0 || n(m[3]) !== 0) return undefined; // years and months have no fixed length
  const minutes = n(m[4]) * minutesPerDay + n(m[5]) * 60 + n(m[6]) + n(m[7]) / 60;
  return m[1] ? -minutes : minutes;
}

/** An MSPDI duration (`PT12H30M0S`) for a number of minutes (rounded to the second). */
export function formatDuration(minutes: number): string {
  const seconds = Math.round(minutes * 60);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h}H${m}M${s}S`;
}

/** Escapes text for XML element content. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
