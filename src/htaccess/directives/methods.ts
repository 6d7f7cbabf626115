// HTTP method sets as Apache's `limited` bit masks (<Limit>, <LimitExcept>, Require method).
// Apache knows a fixed list of method names (case-sensitive, HEAD counts as GET); everything
// else shares the "other methods" bits, which only a <LimitExcept> can cover.

import type { MethodSet } from '../types.js';

/** ap_method_number_of's built-in names (http_protocol.c); HEAD maps to GET. */
export const KNOWN_METHODS: readonly string[] = [
  'GET',
  'PUT',
  'POST',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'VERSION-CONTROL',
  'CHECKOUT',
  'UNCHECKOUT',
  'CHECKIN',
  'UPDATE',
  'LABEL',
  'REPORT',
  'MKWORKSPACE',
  'MKACTIVITY',
  'BASELINE-CONTROL',
  'MERGE',
];

/** Stands for every method Apache has no built-in number for. */
const OTHER = '(other)';
/**
 * The top bit, which Require containers clear so that directives inside them see
 * "limited" (Apache's trick to trigger the not-in-<Limit> checks). Not a method.
 */
const RESERVED = '(reserved)';

/** A `limited` mask: a set of method names plus the two pseudo members above. */
export type MethodMask = ReadonlySet<string>;

export const ALL_METHODS: MethodMask = new Set([...KNOWN_METHODS, OTHER, RESERVED]);

/** ap_method_number_of: the canonical name, or null for an unknown method (case-sensitive). */
export function methodNumberOf(name: string): string | null {
  if (name === 'HEAD') return 'GET';
  return KNOWN_METHODS.includes(name) ? name : null;
}

export function complement(mask: MethodMask): MethodMask {
  return new Set([...ALL_METHODS].filter((m) => !mask.has(m)));
}

export function intersect(a: MethodMask, b: MethodMask): MethodMask {
  return new Set([...a].filter((m) => b.has(m)));
}

export function sameMask(a: MethodMask, b: MethodMask): boolean {
  return a.size === b.size && [...a].every((m) => b.has(m));
}

/** What a Require container does to the mask of the directives inside it. */
export function insideRequireContainer(mask: MethodMask): MethodMask {
  return new Set([...mask].filter((m) => m !== RESERVED));
}

/**
 * The MethodSet a rule carries: null when it covers every method, else the real method names
 * it covers. (A <LimitExcept> also covers methods Apache has no name for; a MethodSet cannot
 * say so, so such rules list the known methods only.)
 */
export function toMethodSet(mask: MethodMask): MethodSet {
  if (mask.has(OTHER) && KNOWN_METHODS.every((m) => mask.has(m))) return null;
  return new Set(KNOWN_METHODS.filter((m) => mask.has(m)));
}
