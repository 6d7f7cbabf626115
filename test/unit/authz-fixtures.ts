// Small builders for Require trees and legacy rules, so authz tests read like the .htaccess
// they stand for (the real parser lives elsewhere and is not needed to test evaluation).

import type {
  AuthMerging,
  AuthzBlock,
  AuthzProvider,
  HostRule,
  LegacyAccess,
  LegacyOrder,
  MethodSet,
  RequireContainer,
  RequireLeaf,
  RequireNode,
  SourceLoc,
} from '../../src/htaccess/types.js';
import type { AuthzRequest } from '../../src/authz/types.js';
import { evaluateRequire } from '../../src/authz/require-eval.js';
import { evaluateLegacy, satisfyAny } from '../../src/authz/legacy-eval.js';
import { parseIpMatcher } from '../../src/authz/ip-match.js';

let nextLine = 1;
export function loc(file = '/www/.htaccess'): SourceLoc {
  return { file, line: nextLine++ };
}

function ip(text: string) {
  const m = parseIpMatcher(text);
  if (m === null) throw new Error(`fixture: bad ip ${text}`);
  return m;
}

/** `rq('Require not user sam')` → a leaf, exactly as the directive reads. */
export function rq(line: string): RequireLeaf {
  const words = line.trim().split(/\s+/);
  if (words.shift() !== 'Require') throw new Error(`fixture: not a Require line: ${line}`);
  const negated = words[0] === 'not';
  if (negated) words.shift();
  const name = words.shift();
  const args = words;
  let provider: AuthzProvider;
  switch (name) {
    case 'all':
      provider = { type: 'all', granted: args[0] === 'granted' };
      break;
    case 'valid-user':
      provider = { type: 'valid-user' };
      break;
    case 'user':
      provider = { type: 'user', users: args };
      break;
    case 'group':
      provider = { type: 'group', groups: args };
      break;
    case 'ip':
      provider = { type: 'ip', matchers: args.map(ip) };
      break;
    case 'host':
      provider = { type: 'host', names: args };
      break;
    case 'local':
      provider = { type: 'local' };
      break;
    case 'forward-dns':
      provider = { type: 'forward-dns', names: args };
      break;
    case 'method':
      provider = { type: 'method', methods: args };
      break;
    case 'env':
      provider = { type: 'env', names: args };
      break;
    case 'scope':
      provider = { type: 'scope', scopes: args };
      break;
    default:
      throw new Error(`fixture: unknown provider ${name}`);
  }
  return { kind: 'leaf', provider, negated, methods: null, text: line.trim(), loc: loc() };
}

function unionOf(children: RequireNode[]): MethodSet {
  if (children.length === 0) return null;
  const all = new Set<string>();
  for (const c of children) {
    if (c.methods === null) return null;
    for (const m of c.methods) all.add(m);
  }
  return all;
}

function container(kind: RequireContainer['kind'], text: string, children: RequireNode[]): RequireContainer {
  return { kind, children, methods: unionOf(children), text, loc: loc() };
}

const asNodes = (xs: (RequireNode | string)[]): RequireNode[] => xs.map((x) => (typeof x === 'string' ? rq(x) : x));

export const any = (...c: (RequireNode | string)[]) => container('any', '<RequireAny>', asNodes(c));
export const all = (...c: (RequireNode | string)[]) => container('all', '<RequireAll>', asNodes(c));
export const none = (...c: (RequireNode | string)[]) => container('none', '<RequireNone>', asNodes(c));
/** The implicit <RequireAny> around a section's top-level Require lines and containers. */
export const top = (...c: (RequireNode | string | RequireNode[])[]) =>
  container('any', '(top level)', asNodes(c.flat()));

function withMethods<T extends RequireNode>(node: T, methods: MethodSet): T {
  if (node.kind === 'leaf') return { ...node, methods };
  return { ...node, methods, children: node.children.map((c) => withMethods(c, methods)) };
}

/** Every method Apache knows by number; <LimitExcept> applies to all of them but the listed. */
export const KNOWN_METHODS = [
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
];

export function limit(methods: string[], ...c: (RequireNode | string)[]): RequireNode[] {
  const set = new Set(methods); // `<Limit HEAD>` stays HEAD: the evaluator folds it into GET
  return asNodes(c).map((n) => withMethods(n, set));
}

export function limitExcept(methods: string[], ...c: (RequireNode | string)[]): RequireNode[] {
  const excluded = new Set(methods.map((m) => (m === 'HEAD' ? 'GET' : m)));
  const set = new Set(KNOWN_METHODS.filter((m) => !excluded.has(m)));
  return asNodes(c).map((n) => withMethods(n, set));
}

export function block(root: RequireContainer, merging: AuthMerging = 'off'): AuthzBlock {
  return { root, merging, loc: root.loc };
}

// ---------------------------------------------------------------- requests

/** Group file G of the spec: `admins: alice bob` / `staff: carl sam`. */
export const GROUPS: Record<string, string[]> = {
  bob: ['admins'],
  alice: ['admins'],
  sam: ['staff'],
  carl: ['staff'],
};

export function request(over: Partial<AuthzRequest> = {}): AuthzRequest {
  return {
    method: 'GET',
    clientIp: '127.0.0.1',
    localIp: '127.0.0.1',
    user: null,
    groups: null,
    clientHostName: null,
    forwardDns: new Map(),
    env: new Map(),
    ...over,
  };
}

/** Who is asking: nobody, a user whose password was right, or a bad password. */
export type Who = string;

export interface StatusOptions {
  method?: string | undefined;
  forbiddenOnFailure?: boolean | undefined;
  env?: ReadonlyMap<string, string> | undefined;
  groups?: Record<string, string[]> | undefined;
  clientIp?: string | undefined;
}

/**
 * The docs/apache-behaviour.md §6.2 table, so tests can state expectations as the observed statuses: first pass
 * without a user (GRANTED → 200, DENIED/NEUTRAL → 403, DENIED_NO_USER → authenticate, anon or a
 * bad password → 401), then a second pass with the user (GRANTED → 200, else 401, or 403 with
 * AuthzSendForbiddenOnFailure On). 200 means "authorization lets it through".
 */
export function requireStatus(root: RequireContainer, who: Who, opts: StatusOptions = {}): number {
  const base = request({
    method: opts.method ?? 'GET',
    clientIp: opts.clientIp ?? '127.0.0.1',
    env: opts.env ?? new Map(),
  });
  const first = evaluateRequire(root, base).result;
  if (first === 'granted') return 200;
  if (first !== 'denied-no-user') return 403;
  if (who === 'anon' || who === 'badpw') return 401;
  const groupFile = opts.groups ?? GROUPS;
  const groups = new Set((groupFile[who] ?? []).map((g) => g.toLowerCase()));
  const second = evaluateRequire(root, { ...base, user: who, groups }).result;
  if (second === 'granted') return 200;
  return opts.forbiddenOnFailure ? 403 : 401;
}

/** docs/apache-behaviour.md §8.3/§8.4: the legacy gate, `Satisfy Any` short-circuit, then Require. */
export function accessStatus(
  legacy: LegacyAccess | null,
  root: RequireContainer | null,
  who: Who,
  opts: StatusOptions = {},
): number {
  const legacyAllowed =
    legacy === null ||
    evaluateLegacy(legacy, {
      method: opts.method ?? 'GET',
      clientIp: opts.clientIp ?? '127.0.0.1',
      clientHostName: null,
      env: opts.env ?? new Map(),
    }).allowed;
  if (satisfyAny(legacy) && legacyAllowed) return 200;
  if (!satisfyAny(legacy) && !legacyAllowed) return 403;
  return root === null ? 200 : requireStatus(root, who, opts);
}

// ---------------------------------------------------------------- legacy rules

/** `hostRule('from 127.0.0.1')`, `hostRule('from env=!FOO')`, `hostRule('from all')`... */
export function hostRule(text: string, methods: MethodSet = null): HostRule {
  const what = text.replace(/^from\s+/, '');
  const l = loc();
  if (what === 'all') return { kind: 'all', methods, loc: l, text };
  if (what.startsWith('env=')) {
    const negate = what.startsWith('env=!');
    return { kind: 'env', name: what.slice(negate ? 5 : 4), negate, methods, loc: l, text };
  }
  const m = parseIpMatcher(what);
  if (m !== null) return { kind: 'ip', matcher: m, methods, loc: l, text };
  return { kind: 'host', name: what, methods, loc: l, text };
}

export interface LegacySpec {
  order?: LegacyOrder;
  allow?: (string | HostRule)[];
  deny?: (string | HostRule)[];
  satisfy?: 'any' | 'all';
}

export function legacy(spec: LegacySpec): LegacyAccess {
  const rule = (r: string | HostRule) => (typeof r === 'string' ? hostRule(r) : r);
  return {
    order: spec.order ? { value: spec.order, loc: loc() } : null,
    allow: (spec.allow ?? []).map(rule),
    deny: (spec.deny ?? []).map(rule),
    satisfy: spec.satisfy ? { value: spec.satisfy, loc: loc() } : null,
    loc: loc(),
  };
}
