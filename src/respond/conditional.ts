// Preconditions (RFC 9110 section 13.2.2 order, which Apache's ap_meets_conditions follows for
// every row of docs/apache-behaviour.md §14). Pure: the caller passes the request headers and the validators it is
// about to send, and gets back what to do.

import { parseEntityTag, parseEntityTagList, strongMatch, weakMatch, type EntityTag } from './etag.js';
import { parseHttpDate } from './http-date.js';

export interface PreconditionInput {
  /** Request method as sent (upper case). */
  method: string;
  ifMatch?: string | null | undefined;
  ifNoneMatch?: string | null | undefined;
  ifModifiedSince?: string | null | undefined;
  ifUnmodifiedSince?: string | null | undefined;
  /** The ETag header value this response carries (may be weak). */
  etag: string;
  /** The Last-Modified instant this response carries (ms, whole seconds, already clamped). */
  lastModifiedMs: number;
  /** Request time in ms. */
  now: number;
}

export type PreconditionOutcome = 'proceed' | 304 | 412;

function isSafe(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

function listMatches(header: string, current: EntityTag | null, compare: typeof strongMatch): boolean {
  if (header.trimStart().startsWith('*')) return true;
  if (current === null) return false;
  return parseEntityTagList(header).some((tag) => compare(tag, current));
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

export function evaluatePreconditions(input: PreconditionInput): PreconditionOutcome {
  const current = parseEntityTag(input.etag);
  const lastModified = seconds(input.lastModifiedMs);

  // 1. If-Match: strong comparison, so a weak (fresh) ETag never satisfies it; `*` always
  //    does because the resource exists.
  if (input.ifMatch != null) {
    if (!listMatches(input.ifMatch, current, strongMatch)) return 412;
  } else if (input.ifUnmodifiedSince != null) {
    // 2. If-Unmodified-Since, only without If-Match; an unparsable date is ignored.
    const since = parseHttpDate(input.ifUnmodifiedSince);
    if (since !== null && lastModified > seconds(since)) return 412;
  }

  // 3. If-None-Match: weak comparison; a match means 304 for GET/HEAD and 412 otherwise.
  if (input.ifNoneMatch != null) {
    if (listMatches(input.ifNoneMatch, current, weakMatch)) return isSafe(input.method) ? 304 : 412;
    return 'proceed';
  }

  // 4. If-Modified-Since: GET/HEAD only; ignored when unparsable or later than now.
  if (input.ifModifiedSince != null && isSafe(input.method)) {
    const since = parseHttpDate(input.ifModifiedSince);
    if (since !== null && seconds(since) <= seconds(input.now) && lastModified <= seconds(since)) {
      return 304;
    }
  }
  return 'proceed';
}
