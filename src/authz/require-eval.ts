// Evaluate a Require tree the way mod_authz_core's apply_authz_sections does (docs/apache-behaviour.md §6.2, §6.6):
// providers answer granted / denied / denied-no-user, containers combine them and may be
// neutral, negation never grants. Pure: everything the providers look at is in AuthzRequest.

import type { AuthzProvider, MethodSet, RequireContainer, RequireNode } from '../htaccess/types.js';
import type { AuthzOutcome, AuthzRequest, AuthzResult, AuthzTraceStep } from './types.js';
import { isLocalAddress, sameAddress } from './client-address.js';
import { hostNameMatches } from './host-match.js';
import { matchIp } from './ip-match.js';
import { foldGroupName } from '../authn/group-file.js';
import { evaluateExpr } from '../expr/evaluate.js';
import type { ExprRequest } from '../expr/types.js';

/** HEAD has no method number of its own in Apache: it is GET for every method check. */
export function canonicalMethod(method: string): string {
  const upper = method.toUpperCase();
  return upper === 'HEAD' ? 'GET' : upper;
}

/** Does a rule limited by <Limit>/<LimitExcept> (null = unlimited) apply to this method? */
export function appliesToMethod(methods: MethodSet, method: string): boolean {
  if (methods === null) return true;
  const wanted = canonicalMethod(method);
  for (const m of methods) if (canonicalMethod(m) === wanted) return true;
  return false;
}

type Combiner = 'and' | 'or';

interface Evaluated {
  result: AuthzResult;
  /** The step that explains this result (see AuthzOutcome.decidedBy). */
  decider: AuthzTraceStep | null;
}

/**
 * The whole tree's verdict. The root (the implicit <RequireAny>, or a merged container) is
 * evaluated as a child of an AND, exactly as Apache does: so a root limited to other methods
 * grants (`<Limit POST> Require valid-user </Limit>` lets GET through).
 */
export function evaluateRequire(root: RequireContainer, req: AuthzRequest): AuthzOutcome {
  const trace: AuthzTraceStep[] = [];
  const { result, decider } = evaluateNode(root, 'and', 0, req, trace);
  return { result, decidedBy: decider, trace };
}

function evaluateNode(
  node: RequireNode,
  parent: Combiner,
  depth: number,
  req: AuthzRequest,
  trace: AuthzTraceStep[],
): Evaluated {
  const step: AuthzTraceStep = { loc: node.loc, text: node.text, result: 'neutral', depth };
  trace.push(step);

  if (!appliesToMethod(node.methods, req.method)) {
    // "directive limited to other methods": transparent to its parent's combination.
    step.result = 'not-applicable';
    return { result: parent === 'and' ? 'granted' : 'neutral', decider: step };
  }

  let own: Evaluated;
  let negated: boolean;
  if (node.kind === 'leaf') {
    own = { result: evaluateProvider(node.provider, req), decider: step };
    negated = node.negated;
  } else {
    own = combineChildren(node, depth, req, trace);
    negated = node.kind === 'none';
  }

  const final = negated ? negate(own, step) : own;
  step.result = final.result;
  // A neutral result is explained by the node that produced it, not by a child.
  return final.result === 'neutral' ? { result: 'neutral', decider: step } : final;
}

/** <RequireAll> is AND; <RequireAny> and <RequireNone> (a negated Any) are OR. */
function combineChildren(node: RequireContainer, depth: number, req: AuthzRequest, trace: AuthzTraceStep[]): Evaluated {
  const op: Combiner = node.kind === 'all' ? 'and' : 'or';
  let acc: Evaluated = { result: 'neutral', decider: null };
  for (const child of node.children) {
    const r = evaluateNode(child, op, depth + 1, req, trace);
    if (r.result === 'neutral') continue;
    if (op === 'and') {
      if (r.result === 'denied') return r; // first denial settles an AND
      // denied-no-user outranks granted: a user might still turn this into a denial.
      if (acc.result === 'neutral' || (r.result === 'denied-no-user' && acc.result !== 'denied-no-user')) acc = r;
      // Explain a grant by a rule that really granted, not by one limited to other methods.
      else if (r.result === 'granted' && acc.result === 'granted' && isNotApplicable(acc) && !isNotApplicable(r))
        acc = r;
    } else {
      if (r.result === 'granted') return r; // first grant settles an OR
      // denied-no-user outranks denied: a user might still turn this into a grant.
      if (acc.result === 'neutral' || (r.result === 'denied-no-user' && acc.result === 'denied')) acc = r;
    }
  }
  return acc;
}

function isNotApplicable(e: Evaluated): boolean {
  return e.decider?.result === 'not-applicable';
}

/** "Not being denied is not a grant": granted → denied, denied (with or without user) → neutral. */
function negate(own: Evaluated, step: AuthzTraceStep): Evaluated {
  if (own.result === 'granted') return { result: 'denied', decider: step };
  return { result: 'neutral', decider: step };
}

function evaluateProvider(p: AuthzProvider, req: AuthzRequest): AuthzResult {
  const verdict = (ok: boolean): AuthzResult => (ok ? 'granted' : 'denied');
  switch (p.type) {
    case 'all':
      return verdict(p.granted);
    case 'valid-user':
      return req.user === null ? 'denied-no-user' : 'granted';
    case 'user':
      if (req.user === null) return 'denied-no-user';
      return verdict(p.users.includes(req.user)); // user names are case-sensitive
    case 'group': {
      if (req.user === null) return 'denied-no-user';
      const groups = req.groups;
      // No readable group file: Apache denies (401 after login), it never errors.
      if (groups === null) return 'denied';
      return verdict(p.groups.some((g) => groups.has(foldGroupName(g))));
    }
    case 'scope': {
      // Like `Require user`: a token must be presented first; then any listed scope grants.
      if (req.user === null) return 'denied-no-user';
      const scopes = req.scopes;
      return verdict(scopes != null && p.scopes.some((s) => scopes.has(s)));
    }
    case 'ip':
      return verdict(p.matchers.some((m) => matchIp(m, req.clientIp)));
    case 'host':
      return verdict(p.names.some((n) => hostNameMatches(n, req.clientHostName)));
    case 'local':
      return verdict(isLocalAddress(req.clientIp, req.localIp));
    case 'forward-dns':
      return verdict(p.names.some((n) => resolvedAddresses(req, n).some((a) => sameAddress(a, req.clientIp))));
    case 'method': {
      const wanted = canonicalMethod(req.method);
      return verdict(p.methods.some((m) => canonicalMethod(m) === wanted));
    }
    case 'env':
      // Set counts, whatever the value (even empty), as apr_table_get does.
      return verdict(p.names.some((n) => req.env.has(n)));
    case 'expr':
      // Evaluated even without a user (REMOTE_USER is then empty: `%{REMOTE_USER} == ''` grants
      // anonymously, observed on Apache 2.4.71). False with REMOTE_USER read asks for a user
      // (mod_authz_core's want_user), so a wrong user gets 401, not 403.
      if (evaluateExpr(p.expr, exprRequestOf(req))) return 'granted';
      return p.expr.wantsUser ? 'denied-no-user' : 'denied';
  }
}

/** What an ap_expr expression sees of an authorization request. */
export function exprRequestOf(req: AuthzRequest): ExprRequest {
  return {
    method: req.method,
    clientIp: req.clientIp,
    uri: req.uri ?? '',
    query: req.query ?? '',
    headers: req.headers ?? {},
    user: req.user,
    authType: req.authType,
    serverName: req.serverName ?? '',
    serverPort: req.serverPort ?? '',
    protocol: req.protocol ?? 'HTTP/1.1',
    scheme: req.scheme,
    env: req.env,
    ...(req.filename !== undefined ? { filename: req.filename } : {}),
    ...(req.documentRoot !== undefined ? { documentRoot: req.documentRoot } : {}),
  };
}

function resolvedAddresses(req: AuthzRequest, name: string): readonly string[] {
  return req.forwardDns.get(name) ?? req.forwardDns.get(name.toLowerCase()) ?? [];
}

// ---------------------------------------------------------------- what the caller must look up

function* leaves(node: RequireNode): Generator<Extract<RequireNode, { kind: 'leaf' }>> {
  if (node.kind === 'leaf') {
    yield node;
    return;
  }
  for (const child of node.children) yield* leaves(child);
}

/** True when some `Require host` rule exists, so the caller must do the double-reverse lookup. */
export function treeNeedsHostName(root: RequireContainer): boolean {
  for (const leaf of leaves(root)) if (leaf.provider.type === 'host') return true;
  return false;
}

/** The names of every `Require forward-dns` rule (deduplicated), to resolve before evaluating. */
export function forwardDnsNames(root: RequireContainer): string[] {
  const names = new Set<string>();
  for (const leaf of leaves(root)) {
    if (leaf.provider.type === 'forward-dns') for (const n of leaf.provider.names) names.add(n);
  }
  return [...names];
}

/** True when some rule needs an authenticated user to decide (valid-user / user / group / scope, expr on REMOTE_USER). */
export function treeMentionsUser(root: RequireContainer): boolean {
  for (const leaf of leaves(root)) {
    const p = leaf.provider;
    if (p.type === 'valid-user' || p.type === 'user' || p.type === 'group' || p.type === 'scope') return true;
    if (p.type === 'expr' && p.expr.wantsUser) return true;
  }
  return false;
}

/** The scopes named by `Require scope` rules that apply to `method` (for an insufficient_scope challenge). */
export function scopesNamed(root: RequireContainer, method: string): string[] {
  const names = new Set<string>();
  for (const leaf of leaves(root)) {
    if (leaf.provider.type === 'scope' && !leaf.negated && appliesToMethod(leaf.methods, method))
      for (const s of leaf.provider.scopes) names.add(s);
  }
  return [...names];
}
