// mod_access_compat's gate (docs/apache-behaviour.md §8.2, src check_dir_access): Order decides the default and
// which group wins; all Allow lines form one group, all Deny lines another, line order is
// irrelevant. A section with any Order/Allow/Deny/Satisfy replaces the parent's (docs/apache-behaviour.md §3.3), so
// there is no merge here: the caller passes the one LegacyAccess in force.

import type { HostRule, LegacyAccess, LegacyOrder, Located, SourceLoc } from '../htaccess/types.js';
import type { LegacyOutcome } from './types.js';
import { hostNameMatches } from './host-match.js';
import { matchIp } from './ip-match.js';
import { appliesToMethod, canonicalMethod } from './require-eval.js';

export interface LegacyRequest {
  method: string;
  clientIp: string;
  clientHostName: string | null;
  env: ReadonlyMap<string, string>;
}

type TraceEntry = LegacyOutcome['trace'][number];
type Decider = NonNullable<LegacyOutcome['decidedBy']>;

export function evaluateLegacy(legacy: LegacyAccess, req: LegacyRequest): LegacyOutcome {
  const trace: TraceEntry[] = [];
  const orderLine = orderFor(legacy, req.method);
  const order: LegacyOrder = orderLine?.value ?? 'deny,allow';
  const orderDefault: Decider = orderLine
    ? { loc: orderLine.loc, text: `Order ${orderLine.value}` }
    : { loc: legacy.loc, text: 'Order deny,allow (default)' };

  // Trace in Apache's checking order: the group named first in Order is checked first.
  let allowHit: HostRule | null;
  let denyHit: HostRule | null;
  if (order === 'deny,allow') {
    denyHit = firstMatch(legacy.deny, req, trace);
    allowHit = firstMatch(legacy.allow, req, trace);
  } else {
    allowHit = firstMatch(legacy.allow, req, trace);
    denyHit = firstMatch(legacy.deny, req, trace);
  }

  switch (order) {
    case 'deny,allow': // default allow; a matching Allow overrides a matching Deny
      if (allowHit) return { allowed: true, decidedBy: describe(allowHit), trace };
      if (denyHit) return { allowed: false, decidedBy: describe(denyHit), trace };
      return { allowed: true, decidedBy: orderDefault, trace };
    case 'allow,deny': // default deny; a matching Deny overrides a matching Allow
      if (denyHit) return { allowed: false, decidedBy: describe(denyHit), trace };
      if (allowHit) return { allowed: true, decidedBy: describe(allowHit), trace };
      return { allowed: false, decidedBy: orderDefault, trace };
    case 'mutual-failure': // allowed only when listed in Allow and not in Deny
      if (denyHit) return { allowed: false, decidedBy: describe(denyHit), trace };
      if (allowHit) return { allowed: true, decidedBy: describe(allowHit), trace };
      return { allowed: false, decidedBy: orderDefault, trace };
  }
}

/** The Order line in force for this method (a <Limit>ed one wins for its methods), or null. */
function orderFor(legacy: LegacyAccess, method: string): Located<LegacyOrder> | null {
  return legacy.orderByMethod?.get(canonicalMethod(method)) ?? legacy.order;
}

/**
 * `Satisfy Any` for this method: a passing legacy gate then skips Require and authentication
 * entirely (docs/apache-behaviour.md §8.4). Satisfy is per method in Apache; without a method, the unrestricted value.
 */
export function satisfyAny(legacy: LegacyAccess | null, method?: string): boolean {
  if (legacy === null) return false;
  const line =
    (method !== undefined ? legacy.satisfyByMethod?.get(canonicalMethod(method)) : undefined) ?? legacy.satisfy;
  return line?.value === 'any';
}

/** True when some Allow/Deny names a host, so the caller must do the double-reverse lookup. */
export function legacyNeedsHostName(legacy: LegacyAccess | null): boolean {
  if (legacy === null) return false;
  return [...legacy.allow, ...legacy.deny].some((r) => r.kind === 'host');
}

/** Like Apache's find_allowdeny: rules for other methods are skipped, the first match wins. */
function firstMatch(rules: HostRule[], req: LegacyRequest, trace: TraceEntry[]): HostRule | null {
  for (const rule of rules) {
    if (!appliesToMethod(rule.methods, req.method)) continue;
    const matched = ruleMatches(rule, req);
    trace.push({ loc: rule.loc, text: rule.text, matched });
    if (matched) return rule;
  }
  return null;
}

function ruleMatches(rule: HostRule, req: LegacyRequest): boolean {
  switch (rule.kind) {
    case 'all':
      return true;
    case 'env':
      // `env=VAR` matches when set (any value), `env=!VAR` when unset.
      return req.env.has(rule.name) !== rule.negate;
    case 'ip':
      return matchIp(rule.matcher, req.clientIp);
    case 'host':
      return hostNameMatches(rule.name, req.clientHostName);
  }
}

function describe(rule: HostRule): { loc: SourceLoc; text: string } {
  return { loc: rule.loc, text: rule.text };
}
