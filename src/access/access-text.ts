// Wording shared by the Basic and Bearer paths of the access stage: the realm in a challenge,
// a rule's name with its file:line, and the authz trace of one pass.
import type { AuthzOutcome } from '../authz/types.js';
import type { DecisionStep } from '../decision.js';
import { formatLoc } from '../decision.js';
import type { SourceLoc } from '../htaccess/types.js';

/**
 * The realm as a quoted string, quotes escaped like Apache's ap_escape_quotes (docs/apache-behaviour.md §5.2): a `"`
 * gets a backslash, while a backslash pair already in the realm is kept as it is.
 */
export function quotedRealm(realm: string): string {
  let out = '';
  for (let i = 0; i < realm.length; i++) {
    const c = realm[i]!;
    if (c === '\\' && i + 1 < realm.length) {
      out += c + realm[++i]!;
    } else {
      out += c === '"' ? '\\"' : c;
    }
  }
  return `"${out}"`;
}

/** `Basic realm="..."`. */
export function basicChallenge(realm: string): string {
  return `Basic realm=${quotedRealm(realm)}`;
}

export function traceSteps(outcome: AuthzOutcome, pass: string): DecisionStep[] {
  return outcome.trace.map((t) => ({
    stage: 'authz' as const,
    text: `${pass}: ${t.text}`,
    loc: t.loc,
    result: t.result,
    depth: t.depth,
  }));
}

export function ruleName(by: { loc: SourceLoc; text: string } | null): string {
  return by ? `${by.text} (${formatLoc(by.loc)})` : 'the access rules';
}
