// Evaluation of compiled ap_expr expressions against one request. Semantics follow Apache's
// util_expr_eval: string comparisons are byte-wise, integer comparisons read leading digits
// like atoi64, a regex match makes its groups available as $0..$9 afterwards.

import { matchIp } from '../authz/ip-match.js';
import { compileSafeRegex, type SafeRegex } from '../regex/safe-regex.js';
import { fileTest } from './file-tests.js';
import type { BoolExpr, CompiledExpr, ExprRequest, StringPart, Word } from './types.js';
import { callFunction, lookupVariable } from './variables.js';

interface Scope {
  req: ExprRequest;
  /** Groups of the last successful regex match. */
  backrefs: readonly (string | undefined)[];
}

export function evaluateExpr(expr: CompiledExpr, req: ExprRequest): boolean {
  return evalBool(expr.root, { req, backrefs: [] });
}

/** The result and the groups of the last regex that matched (RewriteCond expr's %N). */
export function evaluateExprMatch(
  expr: CompiledExpr,
  req: ExprRequest,
): { result: boolean; backrefs: readonly (string | undefined)[] } {
  const scope: Scope = { req, backrefs: [] };
  const result = evalBool(expr.root, scope);
  return { result, backrefs: scope.backrefs };
}

export function evaluateString(parts: readonly StringPart[], req: ExprRequest): string {
  return evalParts(parts, { req, backrefs: [] });
}

function evalBool(e: BoolExpr, s: Scope): boolean {
  switch (e.kind) {
    case 'const':
      return e.value;
    case 'not':
      return !evalBool(e.expr, s);
    case 'and':
      return evalBool(e.left, s) && evalBool(e.right, s);
    case 'or':
      return evalBool(e.left, s) || evalBool(e.right, s);
    case 'compare': {
      const a = evalWord(e.left, s);
      const b = evalWord(e.right, s);
      switch (e.op) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return byteCompare(a, b) < 0;
        case '<=':
          return byteCompare(a, b) <= 0;
        case '>':
          return byteCompare(a, b) > 0;
        case '>=':
          return byteCompare(a, b) >= 0;
        case '-eq':
          return atoi64(a) === atoi64(b);
        case '-ne':
          return atoi64(a) !== atoi64(b);
        case '-lt':
          return atoi64(a) < atoi64(b);
        case '-le':
          return atoi64(a) <= atoi64(b);
        case '-gt':
          return atoi64(a) > atoi64(b);
        case '-ge':
          return atoi64(a) >= atoi64(b);
      }
      break;
    }
    case 'regex': {
      const subject = evalWord(e.left, s);
      const m = e.regex.exec(subject);
      if (m) s.backrefs = [...m];
      return (m !== null) !== e.negate;
    }
    case 'in': {
      const a = evalWord(e.left, s);
      return e.list.some((w) => evalWord(w, s) === a);
    }
    case 'ipmatch':
      return matchIp(e.matcher, evalWord(e.left, s));
    case 'file-test':
      return fileTest(e.op, evalWord(e.word, s));
    case 'remote-ip':
      return matchIp(e.matcher, s.req.clientIp);
    case 'match':
      return globRegex(evalWord(e.pattern, s), e.op).test(evalWord(e.left, s));
    case 'unary': {
      const v = evalWord(e.word, s);
      if (e.op === '-n') return v !== '';
      if (e.op === '-z') return v === '';
      return v !== '' && !['no', 'off', 'false', '0'].includes(v.toLowerCase());
    }
  }
  return false;
}

function evalWord(w: Word, s: Scope): string {
  if (w.kind === 'concat') return evalWord(w.left, s) + evalWord(w.right, s);
  return evalParts(w.parts, s);
}

function evalParts(parts: readonly StringPart[], s: Scope): string {
  let out = '';
  for (const p of parts) {
    switch (p.kind) {
      case 'text':
        out += p.text;
        break;
      case 'var':
        out += lookupVariable(p.name, s.req);
        break;
      case 'func':
        out += callFunction(p.name, evalWord(p.arg, s), s.req);
        break;
      case 'backref':
        out += s.backrefs[p.index] ?? '';
        break;
    }
  }
  return out;
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** apr_atoi64: optional space and sign, then leading digits; anything else reads as 0. */
function atoi64(text: string): bigint {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? BigInt(m[1]!) : 0n;
}

// The pattern is a word (it may read the request), so its compiled forms are kept in a small
// bounded cache rather than compiled per request; several `*` make it an RE2 pattern (linear).
const globs = new Map<string, SafeRegex>();
const MAX_GLOBS = 256;

function globRegex(pattern: string, op: '-strmatch' | '-strcmatch' | '-fnmatch'): SafeRegex {
  const key = `${op} ${pattern}`;
  let re = globs.get(key);
  if (re === undefined) {
    if (globs.size >= MAX_GLOBS) globs.clear();
    globs.set(key, (re = compileSafeRegex(globSource(pattern, op), op === '-strcmatch' ? 'iu' : 'u')));
  }
  return re;
}

/** apr_fnmatch: `*`, `?`, `[...]`, `\x`; -fnmatch keeps `*` and `?` off `/`; -strcmatch ignores case. */
function globSource(pattern: string, op: '-strmatch' | '-strcmatch' | '-fnmatch'): string {
  const any = op === '-fnmatch' ? '[^/]' : '[\\s\\S]';
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += `${any}*`;
    else if (c === '?') source += any;
    else if (c === '\\' && i + 1 < pattern.length) source += escapeRegex(pattern[++i]!);
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else source += escapeRegex(c);
  }
  return `^${source}$`;
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
