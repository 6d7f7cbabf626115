// Byte ranges the way Apache's byterange filter decides them (docs/apache-behaviour.md §14): one invalid spec voids the
// whole header (full 200), unsatisfiable specs are dropped and only "all unsatisfiable" is a
// 416, neighbouring/overlapping specs are coalesced in request order, and the MaxRanges /
// MaxRangeOverlaps / MaxRangeReversals limits fall back to a full 200 so a client cannot
// make us send the file many times over.

import { parseHttpDate } from './http-date.js';

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

export type RangePlan = { kind: 'full' } | { kind: 'ranges'; ranges: ByteRange[] } | { kind: 'unsatisfiable' };

export interface RangeLimits {
  /** More (coalesced) ranges than this → full 200. Apache MaxRanges default. */
  maxRanges: number;
  /** More merges of overlapping/adjacent specs than this → full 200. */
  maxOverlaps: number;
  /** More specs that extend a range to the left (out-of-order) than this → full 200. */
  maxReversals: number;
}

export const DEFAULT_RANGE_LIMITS: Readonly<RangeLimits> = { maxRanges: 200, maxOverlaps: 20, maxReversals: 20 };

const FULL: RangePlan = { kind: 'full' };

/** C `strtoll` as Apache uses it: leading white space and a sign are accepted, anything after
 * the digits is an error. Values beyond int64 are an error (ERANGE). */
function parseOffset(text: string): number | null {
  if (text === '') return 0; // strtoll("") converts nothing and leaves the end pointer on NUL
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  if (!m) return null;
  const value = BigInt(m[2] as string);
  if (value > 9_223_372_036_854_775_807n) return null;
  const magnitude = value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  return m[1] === '-' ? -magnitude : magnitude;
}

/** Apache's ap_getword(…, ','): words separated by runs of commas; stop at the first empty one. */
function rangeSpecs(list: string): string[] {
  const specs: string[] = [];
  let rest = list;
  for (;;) {
    const comma = rest.indexOf(',');
    const word = comma < 0 ? rest : rest.slice(0, comma);
    if (word === '') break;
    specs.push(word);
    if (comma < 0) break;
    rest = rest.slice(comma).replace(/^,+/, '');
  }
  return specs;
}

/**
 * If-Range: a value starting with `"` must equal the current ETag exactly (so a weak ETag, or a
 * `W/` value, never matches); anything else is a date that must equal Last-Modified to the
 * second, and only counts when the file is at least 60 s older than the request — a younger
 * date is not a strong validator (Apache ap_condition_if_range).
 */
export function ifRangeMatches(ifRange: string, etag: string, lastModifiedMs: number, now: number): boolean {
  if (ifRange.startsWith('"')) return ifRange === etag;
  const date = parseHttpDate(ifRange);
  const lm = Math.floor(lastModifiedMs / 1000);
  if (date === null || Math.floor(date / 1000) !== lm) return false;
  return Math.floor(now / 1000) >= lm + 60;
}

/**
 * Decide how to answer a `Range` header for a representation of `size` bytes whose validators
 * are `etag` / `lastModifiedMs`. `now` only matters for date-based If-Range.
 */
export function planRange(
  header: string | null | undefined,
  ifRange: string | null | undefined,
  size: number,
  etag: string,
  lastModifiedMs: number,
  now: number = Date.now(),
  limits: Readonly<RangeLimits> = DEFAULT_RANGE_LIMITS,
): RangePlan {
  if (header == null || header.slice(0, 6).toLowerCase() !== 'bytes=') return FULL;
  // Apache's filter never ranges an empty body.
  if (size <= 0) return FULL;
  if (ifRange != null && !ifRangeMatches(ifRange, etag, lastModifiedMs, now)) return FULL;

  const ranges: ByteRange[] = [];
  let current: ByteRange | null = null;
  let unsatisfiable = false;
  let overlaps = 0;
  let reversals = 0;

  for (const spec of rangeSpecs(header.slice(6))) {
    const dash = spec.indexOf('-');
    if (dash < 0) return FULL;
    let start: number;
    let end: number;
    if (dash === 0) {
      // "-N": the last N bytes; N must be at least 1.
      const suffix = parseOffset(spec.slice(1));
      if (suffix === null || suffix < 1) return FULL;
      start = size - suffix;
      end = size - 1;
    } else {
      const first = parseOffset(spec.slice(0, dash));
      if (first === null) return FULL;
      start = first;
      const lastText = spec.slice(dash + 1);
      if (lastText !== '') {
        const last = parseOffset(lastText);
        if (last === null || start > last) return FULL;
        end = last;
      } else if (start === 0) {
        // "0-" asks for everything: Apache ignores all other specs and sends one range.
        ranges.length = 0;
        current = { start: 0, end: size - 1 };
        break;
      } else {
        end = size - 1;
      }
    }

    if (start < 0) start = 0;
    if (start >= size) {
      unsatisfiable = true;
      continue;
    }
    if (end >= size) end = size - 1;

    if (current === null) {
      current = { start, end };
      continue;
    }
    let merged = false;
    if (start >= current.start && end <= current.end) merged = true;
    if (start < current.start && end >= current.start - 1) {
      current.start = start;
      reversals++;
      merged = true;
    }
    if (end >= current.end && start <= current.end + 1) {
      current.end = end;
      merged = true;
    }
    if (merged) {
      overlaps++;
    } else {
      ranges.push(current);
      current = { start, end };
    }
  }

  if (current !== null) ranges.push(current);
  else if (unsatisfiable) return { kind: 'unsatisfiable' };
  if (ranges.length === 0) return FULL;

  const total = ranges.reduce((sum, r) => sum + (r.end - r.start + 1), 0);
  if (total > size) return FULL;
  if (ranges.length > limits.maxRanges || overlaps > limits.maxOverlaps || reversals > limits.maxReversals) {
    return FULL;
  }
  return { kind: 'ranges', ranges };
}
