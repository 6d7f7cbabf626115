// Validators exactly as Apache's default `FileETag MTime Size` builds them (docs/apache-behaviour.md §14), plus
// entity-tag list parsing and the two RFC 9110 comparison functions.

import type { BigIntStats, Stats } from 'node:fs';
import { formatHttpDate } from './http-date.js';

const MICROS_PER_SECOND = 1_000_000n;

/**
 * mtime in microseconds. Exact for BigIntStats (`stat(p, { bigint: true })`); from a plain
 * Stats the float `mtimeMs` can be off by one microsecond, so prefer bigint stats when the
 * ETag must equal Apache's byte for byte (send-file does).
 */
export function mtimeMicros(stat: Stats | BigIntStats): bigint {
  if (typeof stat.mtimeMs === 'bigint') return (stat as BigIntStats).mtimeNs / 1000n;
  return BigInt(Math.floor((stat as Stats).mtimeMs * 1000));
}

function nowMicros(nowMs: number): bigint {
  return BigInt(Math.floor(nowMs * 1000));
}

/**
 * `"<size-hex>-<mtime-µs-hex>"`, lower-case hex, no inode. Weak (`W/`) unless the file is more
 * than one second older than the request: a file modified within the same second could change
 * again without changing the tag (Apache ap_make_etag).
 */
export function makeEtag(size: number | bigint, mtimeUs: bigint, nowMs: number): string {
  const tag = `"${BigInt(size).toString(16)}-${BigInt.asUintN(64, mtimeUs).toString(16)}"`;
  const strong = nowMicros(nowMs) - mtimeUs > MICROS_PER_SECOND;
  return strong ? tag : `W/${tag}`;
}

/** Last-Modified instant in ms (whole seconds), clamped to the request time for future mtimes. */
export function lastModifiedMs(mtimeUs: bigint, nowMs: number): number {
  const now = nowMicros(nowMs);
  const effective = mtimeUs > now ? now : mtimeUs;
  return Number(effective / MICROS_PER_SECOND) * 1000;
}

export interface Validators {
  etag: string;
  /** IMF-fixdate for the Last-Modified header. */
  lastModified: string;
  lastModifiedMs: number;
}

export function fileValidators(size: number | bigint, mtimeUs: bigint, nowMs: number): Validators {
  const lmMs = lastModifiedMs(mtimeUs, nowMs);
  return { etag: makeEtag(size, mtimeUs, nowMs), lastModified: formatHttpDate(lmMs), lastModifiedMs: lmMs };
}

export interface EntityTag {
  weak: boolean;
  /** The opaque tag including its double quotes, e.g. `"24-60dedc04dd340"`. */
  opaque: string;
}

/** Parse a comma-separated list of entity-tags (If-Match / If-None-Match); malformed members
 * are skipped rather than failing the whole header. `*` is the caller's business. */
export function parseEntityTagList(value: string): EntityTag[] {
  const tags: EntityTag[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && (value[i] === ',' || value[i] === ' ' || value[i] === '\t')) i++;
    if (i >= value.length) break;
    let weak = false;
    if (value.startsWith('W/', i)) {
      weak = true;
      i += 2;
    }
    if (value[i] === '"') {
      const close = value.indexOf('"', i + 1);
      if (close < 0) break;
      tags.push({ weak, opaque: value.slice(i, close + 1) });
      i = close + 1;
    }
    // Skip anything up to the next member separator (also recovers from junk).
    while (i < value.length && value[i] !== ',') i++;
  }
  return tags;
}

export function parseEntityTag(value: string): EntityTag | null {
  return parseEntityTagList(value)[0] ?? null;
}

export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}
