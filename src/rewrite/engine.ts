// The per-directory rewriting engine: apply_rewrite_list, apply_rewrite_rule and
// apply_rewrite_cond of mod_rewrite, then hook_fixup's decision (docs/apache-behaviour.md §21).
// Pure except for file tests, which the caller answers (from the cached plan when it can).
import { atoi } from '../htaccess/directives/define.js';
import type { SourceLoc } from '../htaccess/types.js';
import { matchPattern } from './pattern.js';
import { headerNames, lookaheadNames } from './template.js';
import { cookieFromSpec } from './cookie.js';
import { evaluateExprMatch } from '../expr/evaluate.js';
import type { ExprRequest } from '../expr/types.js';
import type { RewriteCond, RewriteConfig, RewriteRule, Template } from './types.js';
import { absoluteUri, escapeAbsoluteUri, escapeBackref, escapeUri, substPrefixPath } from './uri.js';
import { lookupVariable, type VariableSource } from './variables.js';

export type FileTest = (op: '-d' | '-f' | '-s' | '-l' | '-x' | '-e', path: string) => Promise<boolean>;

/** What a sub-request (ap_sub_req_lookup_uri / _file) found, up to its fixups: no handler runs. */
export interface Lookup {
  status: number;
  user: string | null;
}

export interface RewriteTrace {
  text: string;
  loc?: SourceLoc | undefined;
  result?: string;
}

export type RewriteOutcome =
  /** Nothing rewritten: the request goes on as it is. */
  | { kind: 'pass' }
  | { kind: 'status'; status: number; loc: SourceLoc | null; logNote?: { code: string; message: string } }
  | { kind: 'redirect'; status: number; location: string; loc: SourceLoc }
  /** An internal redirect to this URL path (not escaped) and query. */
  | { kind: 'internal'; path: string; query: string | null; loc: SourceLoc };

export interface RewriteResult {
  outcome: RewriteOutcome;
  /** E= variables as the rules left them (null value = unset). */
  env: Map<string, string | null>;
  cookies: string[];
  vary: string[];
  /** END was used: no more rewriting for this request or its internal redirects. */
  end: boolean;
  /** `T=`: the Content-Type of what this request serves (lower case; null = as configured). */
  forcedType: string | null;
  /** `H=`: the handler of what this request serves (lower case; null = as configured). */
  forcedHandler: string | null;
  trace: RewriteTrace[];
}

export interface RewriteInput {
  src: VariableSource;
  /** r->filename before rewriting (path-info excluded). */
  filename: string;
  /** Options FollowSymLinks or SymLinksIfOwnerMatch is on here. */
  symlinksAllowed: boolean;
  /** The Host header as sent, for fully qualified redirects and to recognise this server's own URLs. */
  host: string;
  fileTest: FileTest;
  /** A sub-request for a URL (`-U`, `LA-U:`), relative to the request's directory unless it starts with `/`. */
  lookupUri(url: string): Promise<Lookup>;
  /** A sub-request for a file-system path (`-F`, `LA-F:`). */
  lookupFile(path: string): Promise<Lookup>;
  /** The condition's expression view of this request (RewriteCond expr). */
  exprRequest(filename: string, env: ReadonlyMap<string, string>): ExprRequest;
}

interface RuleState {
  filename: string;
  args: string | null;
  pathInfo: string;
  status: number | null;
  ruleRefs: string[] | null;
  condRefs: string[] | null;
  /** The environment as E= flags left it so far. */
  env: Map<string, string>;
  /** A back-reference put a `?` into the substitution (CVE-2024-38474: refused without UnsafeAllow3F). */
  unsafeQuery?: boolean;
  /** The rule's subject (ctx->uri: the path with the directory stripped), for LA-U/LA-F. */
  subject: string;
  /** LA-U:/LA-F: values looked up for the template being expanded. */
  lookahead: Map<string, string>;
  /** Names of the cookies CO= has set. */
  cookieNames: Set<string>;
}

function expand(t: Template, st: RuleState, input: RewriteInput, rule: RewriteRule | null): string {
  let out = '';
  st.unsafeQuery ||= false;
  const esc = rule?.flags.escapeBackrefs ?? null;
  for (const p of t) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'ref') {
      const refs = p.from === 'rule' ? st.ruleRefs : st.condRefs;
      const v = refs?.[p.index] ?? '';
      if (rule !== null && !esc && v.includes('?')) st.unsafeQuery = true;
      out += esc ? escapeBackref(v, esc) : v;
    } else if (st.lookahead.has(p.name)) {
      out += st.lookahead.get(p.name)!;
    } else {
      out += lookupVariable(p.name, {
        ...input.src,
        env: st.env,
        filename: st.filename,
        args: st.args,
        pathInfo: st.pathInfo,
      });
    }
  }
  return out;
}

/**
 * LA-U:/LA-F: look-ahead (lookup_variable): a sub-request for the rule's subject — as a URL under
 * RewriteBase (or, without one, the directory's file-system path taken as a URL, as Apache does),
 * or as a file in the directory — and the variable as that sub-request sees it.
 */
async function resolveLookaheads(t: Template, cfg: RewriteConfig, st: RuleState, input: RewriteInput): Promise<void> {
  st.lookahead.clear();
  for (const name of lookaheadNames(t)) {
    const fileBased = /^LA-F:/i.test(name);
    const subject = st.subject;
    let sub: Lookup;
    if (subject.startsWith('/')) sub = await input.lookupUri(subject);
    else if (fileBased) sub = await input.lookupFile(cfg.directory + subject);
    else sub = await input.lookupUri((cfg.base ?? cfg.directory) + subject);
    const v = name.slice(5).toUpperCase();
    const value =
      v === 'REMOTE_USER'
        ? (sub.user ?? '')
        : v === 'AUTH_TYPE'
          ? sub.user !== null
            ? 'Basic'
            : ''
          : v === 'IS_SUBREQ'
            ? 'true'
            : expand([{ kind: 'var', name: name.slice(5) }], st, input, null);
    st.lookahead.set(name, value);
  }
}

/** -U: a sub-request that is not refused (a missing file is fine); -F: one that is granted for an existing path. */
async function lookupTest(op: '-U' | '-F', value: string, input: RewriteInput): Promise<boolean> {
  if (value === '') return false;
  if (op === '-U') return (await input.lookupUri(value)).status < 400;
  // A directory named without its slash gets mod_dir's 301 in the sub-request: not < 300.
  if (!value.endsWith('/') && (await input.fileTest('-d', value))) return false;
  return (await input.lookupFile(value)).status < 300 && (await input.fileTest('-e', value));
}

async function condHolds(c: RewriteCond, cfg: RewriteConfig, st: RuleState, input: RewriteInput): Promise<boolean> {
  if (c.test.kind === 'expr') {
    const m = evaluateExprMatch(c.test.expr, input.exprRequest(st.filename, st.env));
    if (m.result && !c.negate && m.backrefs.length > 0) st.condRefs = m.backrefs.map((g) => g ?? '');
    return c.negate ? !m.result : m.result;
  }
  await resolveLookaheads(c.input, cfg, st, input);
  const value = expand(c.input, st, input, null);
  let rc = false;
  switch (c.test.kind) {
    case 'regex': {
      const m = matchPattern(c.test.pattern, value);
      rc = m !== null;
      if (m !== null && !c.negate) st.condRefs = m;
      break;
    }
    case 'file':
      rc =
        c.test.op === '-U' || c.test.op === '-F'
          ? await lookupTest(c.test.op, value, input)
          : await input.fileTest(c.test.op, value);
      break;
    case 'string': {
      // NC compares like strcasecmp; otherwise compare_lexicography: the longer string is the
      // greater one, equal lengths compare bytewise.
      const a = c.nocase ? value.toLowerCase() : value;
      const b = c.nocase ? c.test.value.toLowerCase() : c.test.value;
      const bytewise = a < b ? -1 : a > b ? 1 : 0;
      const cmp = c.nocase || a.length === b.length ? bytewise : a.length > b.length ? 1 : -1;
      rc = { '<': cmp < 0, '>': cmp > 0, '=': cmp === 0, '<=': cmp <= 0, '>=': cmp >= 0 }[c.test.op];
      break;
    }
    case 'integer': {
      const a = atoi(value);
      const b = atoi(c.test.value);
      rc = { '-lt': a < b, '-le': a <= b, '-eq': a === b, '-gt': a > b, '-ge': a >= b, '-ne': a !== b }[c.test.op];
      break;
    }
  }
  return c.negate ? !rc : rc;
}

/** splitout_queryargs: a `?` in the result becomes the query (QSA appends the old one, QSD drops it). */
function splitQuery(st: RuleState, rule: RewriteRule): void {
  const abs = absoluteUri(st.filename);
  if (abs.skip > 0 && !abs.split) {
    st.args = null;
    return;
  }
  if (rule.flags.qsd) st.args = null;
  const q = rule.flags.qsl ? st.filename.lastIndexOf('?') : st.filename.indexOf('?');
  if (q < 0) return;
  const query = st.filename.slice(q + 1);
  st.filename = st.filename.slice(0, q);
  let args = rule.flags.qsa && query !== '' ? `${query}&${st.args ?? ''}` : query;
  if (args.endsWith('&')) args = args.slice(0, -1);
  st.args = args === '' ? null : args;
}

/** force_type_handler: T= and H= take effect when they expand to something (lower-cased). */
function forceTypeHandler(rule: RewriteRule, st: RuleState, input: RewriteInput, result: RewriteResult): void {
  const { forcedType, forcedHandler } = rule.flags;
  const type = forcedType ? expand(forcedType, st, input, rule).toLowerCase() : '';
  const handler = forcedHandler ? expand(forcedHandler, st, input, rule).toLowerCase() : '';
  if (type !== '') result.forcedType = type;
  if (handler !== '') result.forcedHandler = handler;
  if (type !== '' || handler !== '')
    result.trace.push({
      text: `  ${type !== '' ? `type ${type}` : ''}${type !== '' && handler !== '' ? ', ' : ''}${handler !== '' ? `handler ${handler}` : ''}`,
      loc: rule.loc,
      result: 'forced',
    });
}

const HTTP_URL = /^http:\/\/([^/:]*)(?::([^/]*))?(\/.*)?$/is;
const HTTPS_URL = /^https:\/\/([^/:]*)(?::([^/]*))?(\/.*)?$/is;

/**
 * reduce_uri: `<this scheme>://<this host>[:<this port>]/path` is this server's own URL, reduced to its
 * path (htserve answers every Host, so "this host" is the one the request named).
 */
function reduceUri(filename: string, host: string, scheme: 'http' | 'https'): string {
  const m = (scheme === 'https' ? HTTPS_URL : HTTP_URL).exec(filename);
  if (!m) return filename;
  const own = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host)!;
  const defaultPort = scheme === 'https' ? 443 : 80;
  const port = m[2] !== undefined ? atoi(m[2]) : defaultPort;
  const ownPort = own[2] !== undefined && own[2] !== '' ? atoi(own[2]) : defaultPort;
  if (m[1]!.toLowerCase() !== own[1]!.toLowerCase() || port !== ownPort) return filename;
  return m[3] ?? '/';
}

/** ` (captures: $0='…' $1='…')` for `check`, or '' when there are none. */
function captureText(refs: readonly string[] | null, sign: '$' | '%'): string {
  return refs ? ` (captures: ${refs.map((g, i) => `${sign}${i}='${g}'`).join(' ')})` : '';
}

/** 0: no match; 1: rewritten; 2: matched a rule without substitution; -1: refused (403). */
async function applyRule(
  rule: RewriteRule,
  cfg: RewriteConfig,
  st: RuleState,
  input: RewriteInput,
  result: RewriteResult,
): Promise<-1 | 0 | 1 | 2> {
  let uri = st.filename + st.pathInfo;
  if (uri.startsWith(cfg.directory)) uri = uri.slice(cfg.directory.length);
  const m = matchPattern(rule.pattern, uri);
  if ((m !== null) === rule.negate) {
    result.trace.push({ text: `${rule.text}: '${uri}' does not match`, loc: rule.loc, result: 'no match' });
    return 0;
  }
  st.ruleRefs = rule.negate ? null : m;
  st.condRefs = null;
  st.subject = uri;
  const captures = captureText(st.ruleRefs, '$');
  result.trace.push({ text: `${rule.text}: '${uri}' matches${captures}`, loc: rule.loc, result: 'matched' });
  const vary: string[] = [];
  for (let i = 0; i < rule.conds.length; i++) {
    let c = rule.conds[i]!;
    const rc = await condHolds(c, cfg, st, input);
    result.trace.push({
      text: `  ${c.text}${rc && c.test.kind === 'regex' ? captureText(st.condRefs, '%') : ''}`,
      loc: c.loc,
      result: rc ? 'true' : 'false',
    });
    if (rc && !c.novary) vary.push(...headerNames(c.input));
    if (c.ornext) {
      if (!rc) continue;
      while (i < rule.conds.length && c.ornext) c = rule.conds[++i] ?? c;
    } else if (!rc) {
      result.trace.push({ text: '  a condition is false: rule not applied', loc: rule.loc, result: 'skipped' });
      return 0;
    }
  }
  result.vary.push(...vary);
  for (const e of rule.flags.env) {
    const name = expand(e.name, st, input, rule);
    const value = e.value === null ? null : expand(e.value, st, input, rule);
    result.env.set(name, value);
    if (value === null) st.env.delete(name);
    else st.env.set(name, value);
  }
  for (const c of rule.flags.cookies) {
    const cookie = cookieFromSpec(expand(c, st, input, null), input.src.now);
    // A cookie name is set once per request (add_cookie remembers it).
    if (cookie && !st.cookieNames.has(cookie.name)) {
      st.cookieNames.add(cookie.name);
      result.cookies.push(cookie.header);
    }
  }
  if (rule.substitution === null) {
    forceTypeHandler(rule, st, input, result);
    if (rule.flags.status !== null) st.status = rule.flags.status;
    result.trace.push({
      text: '  no substitution (-)',
      loc: rule.loc,
      result: st.status !== null ? String(st.status) : 'kept',
    });
    return 2;
  }
  st.unsafeQuery = false;
  await resolveLookaheads(rule.substitution, cfg, st, input);
  const newUri = expand(rule.substitution, st, input, rule);
  if (st.unsafeQuery && !rule.flags.unsafeAllow3f) {
    result.trace.push({
      text: `${rule.text}: a back-reference holds '?' (UnsafeAllow3F is not set)`,
      loc: rule.loc,
      result: '403',
    });
    return -1;
  }
  st.filename = newUri;
  if (rule.flags.discardPathInfo) st.pathInfo = '';
  splitQuery(st, rule);
  const prefixAdded = !st.filename.startsWith('/') && absoluteUri(st.filename).skip === 0;
  if (prefixAdded) st.filename = cfg.directory + st.filename;
  const qualified = (): string =>
    absoluteUri(st.filename).skip === 0
      ? `${input.src.scheme}://${input.host}${st.filename.startsWith('/') ? '' : '/'}${st.filename}`
      : st.filename;
  if (rule.flags.proxy) {
    st.filename = `proxy:${qualified()}`;
  } else if (rule.flags.redirect !== null) {
    st.filename = qualified();
    st.status = rule.flags.redirect;
  } else {
    st.filename = reduceUri(st.filename, input.host, input.src.scheme);
    if (absoluteUri(st.filename).skip > 0) st.status = 302;
    else {
      // Leading slashes are merged, unless the substitution itself began with two (or UNC).
      const literal = rule.substitution[0]?.kind === 'text' && /^[/\\]{2}/.test(rule.substitution[0].text);
      if (!rule.flags.unc && !prefixAdded && !literal) st.filename = st.filename.replace(/^\/+/, '/');
      forceTypeHandler(rule, st, input, result);
    }
  }
  result.trace.push({
    text: `  -> ${st.filename}${st.args !== null ? `?${st.args}` : ''}`,
    loc: rule.loc,
    result: 'rewritten',
  });
  return 1;
}

export interface ListState {
  /** An earlier pass of this request used END. */
  ended: boolean;
}

/** hook_fixup for one request in per-directory context. */
export async function runRewrite(cfg: RewriteConfig, input: RewriteInput, list: ListState): Promise<RewriteResult> {
  const result: RewriteResult = {
    outcome: { kind: 'pass' },
    env: new Map(),
    cookies: [],
    vary: [],
    end: false,
    forcedType: null,
    forcedHandler: null,
    trace: [],
  };
  if (!cfg.engineOn) return result;
  // A directory named without its slash: left to mod_dir's redirect (unless AllowNoSlash).
  if (!cfg.options.has('AllowNoSlash') && input.filename === cfg.directory.slice(0, -1)) return result;
  if (list.ended) {
    result.trace.push({ text: 'no rewriting: END was used earlier in this request' });
    return result;
  }
  if (!input.symlinksAllowed) {
    result.outcome = {
      kind: 'status',
      status: 403,
      loc: cfg.engineLoc,
      logNote: {
        code: 'AH00670',
        message:
          'Options FollowSymLinks and SymLinksIfOwnerMatch are both off, so the RewriteRule directive is also ' +
          `forbidden due to its similar ability to circumvent directory restrictions : ${input.filename}`,
      },
    };
    result.trace.push({
      text: 'RewriteEngine On needs Options FollowSymLinks or SymLinksIfOwnerMatch',
      loc: cfg.engineLoc ?? undefined,
      result: '403',
    });
    return result;
  }
  const st: RuleState = {
    filename: input.filename,
    args: input.src.args,
    pathInfo: input.src.pathInfo,
    status: null,
    ruleRefs: null,
    condRefs: null,
    env: new Map(input.src.env),
    subject: '',
    lookahead: new Map(),
    cookieNames: new Set(),
  };
  const rules = cfg.rules;
  let changed: 0 | 'normal' | 'noescape' = 0;
  let round = 1;
  let lastLoc: SourceLoc | null = null;
  restart: for (;;) {
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (input.src.isSubreq && (rule.flags.noSubreq || rule.flags.redirect !== null)) continue;
      const rc = await applyRule(rule, cfg, st, input, result);
      if (rc === -1) {
        result.outcome = { kind: 'status', status: 403, loc: rule.loc };
        return result;
      }
      if (rc === 0) {
        while (i < rules.length && rules[i]!.flags.chain) i++;
        continue;
      }
      lastLoc = rule.loc;
      if (rule.flags.status !== null) {
        result.outcome = { kind: 'status', status: rule.flags.status, loc: rule.loc };
        return result;
      }
      if (rc !== 2) changed = rule.flags.noescape ? 'noescape' : 'normal';
      if (rule.flags.passthrough) {
        changed = 'normal';
        break restart;
      }
      if (rule.flags.end) {
        result.end = true;
        break restart;
      }
      if (rule.flags.last || rule.flags.proxy) break restart;
      if (rule.flags.next !== null) {
        // apply_rewrite_list counts rounds from 1, after L, END and PT had their say.
        if (++round < rule.flags.next) continue restart;
        result.outcome = {
          kind: 'status',
          status: 500,
          loc: rule.loc,
          logNote: {
            code: 'AH02596',
            message: `RewriteRule '${rule.pattern.source}' and URI '${input.src.uri}' exceeded maximum number of rounds (${rule.flags.next}) via the [N] flag`,
          },
        };
        return result;
      }
      i += rule.flags.skip;
    }
    break;
  }
  if (changed === 0 || lastLoc === null) return result;
  const loc: SourceLoc = lastLoc;
  // A query that will not be escaped (a local path, or NE) may not hold a space or control.
  const willEscape = absoluteUri(st.filename).skip > 0 && changed !== 'noescape';
  if (st.args !== null && !willEscape && /[\x00-\x20\x7f]/.test(st.args)) {
    result.outcome = {
      kind: 'status',
      status: 403,
      loc,
      logNote: { code: 'AH10411', message: 'Rewritten query string contains control characters or spaces' },
    };
    return result;
  }
  if (st.filename.startsWith('proxy:')) {
    result.outcome = {
      kind: 'status',
      status: 403,
      loc,
      logNote: {
        code: 'AH10160',
        message: `attempt to make remote request from mod_rewrite without proxy enabled: ${st.filename}`,
      },
    };
    return result;
  }
  const abs = absoluteUri(st.filename);
  if (abs.skip > 0) {
    let url = st.filename;
    if (cfg.base !== null) {
      const slash = url.indexOf('/', abs.skip);
      if (slash >= 0 && slash + 1 < url.length) {
        const rest = url.slice(slash + 1);
        const dir = cfg.directory.startsWith('/') ? cfg.directory.slice(1) : cfg.directory;
        const replaced = substPrefixPath(rest, dir, cfg.base.slice(1));
        if (replaced !== rest) url = url.slice(0, slash + 1) + replaced;
      }
    }
    if (changed !== 'noescape') url = escapeAbsoluteUri(url, abs.skip);
    if (st.args !== null) {
      const noescape = changed === 'noescape' || st.args === input.src.args;
      url += `?${noescape ? st.args : escapeUri(st.args)}`;
    }
    // Spaces or control characters in the Location (possible with NE) are refused.
    if (/[\x00-\x20\x7f]/.test(url)) {
      result.outcome = { kind: 'status', status: 403, loc };
      return result;
    }
    const status = st.status !== null && st.status >= 300 && st.status < 400 ? st.status : 302;
    result.outcome = { kind: 'redirect', status, location: url, loc };
    return result;
  }
  if (!st.filename.startsWith('/')) {
    result.outcome = { kind: 'status', status: 400, loc };
    return result;
  }
  if (st.filename === input.filename) {
    result.trace.push({ text: `rewritten to itself (${st.filename}): no internal redirect`, loc });
    return result;
  }
  let target = st.filename;
  if (cfg.base !== null) target = substPrefixPath(target, cfg.directory, cfg.base);
  else {
    const root = input.src.documentRoot.replace(/\/$/, '');
    if (target.startsWith(root) && target[root.length] === '/') target = target.slice(root.length);
  }
  result.outcome = { kind: 'internal', path: target, query: st.args, loc };
  return result;
}
