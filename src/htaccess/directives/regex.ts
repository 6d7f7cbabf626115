// Apache compiles regular expressions with PCRE; these are translated to JavaScript syntax and
// compiled onto a safe engine (src/regex/safe-regex.ts: linear-time RE2 unless the pattern is
// proven cheap or needs backtracking). The common PCRE spellings that JavaScript lacks are
// translated (leading `(?i)`-style flags, `(?P<name>`, `\A`, `\z`, `\Z`, POSIX classes such as
// `[[:alpha:]]`), and `.` and `\s` are spelled out with PCRE's meaning (any character but a
// newline; tab to carriage return and space), which RE2 and RegExp would each read differently.
// Anything still rejected is a compile error, as an invalid pattern is in Apache.
import { formatLoc } from '../../decision.js';
import type { CompiledExpr } from '../../expr/types.js';
import { compileSafeRegex, type SafeRegex } from '../../regex/safe-regex.js';
import type { SourceLoc } from '../types.js';
import type { DirectiveContext } from './spec.js';

const POSIX_CLASSES = new Map<string, string>([
  ['alpha', 'a-zA-Z'],
  ['digit', '0-9'],
  ['alnum', 'a-zA-Z0-9'],
  ['upper', 'A-Z'],
  ['lower', 'a-z'],
  ['space', ' \\t\\n\\r\\f\\v'],
  ['blank', ' \\t'],
  ['punct', '!-\\/:-@\\[-`{-~'],
  ['xdigit', '0-9A-Fa-f'],
  ['word', '\\w'],
  ['cntrl', '\\x00-\\x1f\\x7f'],
  ['print', '\\x20-\\x7e'],
  ['graph', '\\x21-\\x7e'],
]);

/** Compile a PCRE pattern; null when it is not a valid (translatable) expression. */
export function compileApacheRegex(pattern: string, caseInsensitive = false): SafeRegex | null {
  let source = pattern;
  let flags = caseInsensitive ? 'i' : '';
  const lead = /^\(\?([imsx]+)\)/.exec(source);
  if (lead) {
    if (lead[1]!.includes('x')) return null; // extended mode has no JavaScript equivalent
    for (const f of lead[1]!) if (!flags.includes(f)) flags += f;
    source = source.slice(lead[0].length);
  }
  const translated = translate(source, flags.includes('i'), flags.includes('s'));
  if (translated === null) return null;
  try {
    return compileSafeRegex(translated, flags);
  } catch {
    return null;
  }
}

const isLetter = (c: string | undefined): c is string => c !== undefined && /^[A-Za-z]$/.test(c);
const swapCase = (c: string): string => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());

/**
 * PCRE -> JavaScript source. Case-insensitive parts that JavaScript cannot scope (`(?i:...)`,
 * a `(?i)` after the start) are spelled out: letters become `[xX]`, classes get both cases.
 */
function translate(src: string, globalCaseless: boolean, dotAll: boolean): string | null {
  let out = '';
  // Case-insensitivity of each open group; the last entry is the current one.
  const groups: boolean[] = [globalCaseless];
  const caseless = (): boolean => groups[groups.length - 1]!;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return null; // trailing backslash
      i++;
      if (n === 'A') out += '^';
      else if (n === 'z') out += '$';
      else if (n === 'Z') out += '(?=\\n?$)';
      else if (n === 's') out += '[\\t-\\r ]';
      else if (n === 'S') out += '[^\\t-\\r ]';
      else out += c + n;
      continue;
    }
    if (c === '[') {
      const cls = translateClass(src, i, caseless() && !globalCaseless);
      if (cls === null) return null;
      out += cls.text;
      i = cls.end;
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const inline = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(src.slice(i));
      if (inline && (inline[1] !== '' || inline[2] !== undefined)) {
        const on = inline[1]!;
        const off = inline[2] ?? '';
        if (/[^i]/.test(on + off)) return null; // m, s, x, ... cannot be scoped in JavaScript
        const value = on.includes('i') ? true : off.includes('i') ? false : caseless();
        if (globalCaseless && !value) return null; // case-sensitive inside a caseless pattern
        if (inline[3] === ':') {
          groups.push(value);
          out += '(?:';
        } else {
          groups[groups.length - 1] = value; // `(?i)` mid-pattern: to the end of this group
        }
        i += inline[0].length - 1;
        continue;
      }
      if (src.startsWith('(?P<', i)) {
        groups.push(caseless());
        out += '(?<';
        i += 3;
        continue;
      }
      if (src.startsWith('(?P=', i)) {
        const end = src.indexOf(')', i);
        if (end < 0) return null;
        out += `\\k<${src.slice(i + 4, end)}>`;
        i = end;
        continue;
      }
    }
    if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      continue;
    }
    if (c === '(') groups.push(caseless());
    if (c === ')' && groups.length > 1) groups.pop();
    out += caseless() && !globalCaseless && isLetter(c) ? `[${c}${swapCase(c)}]` : c;
  }
  return out;
}

/** A bracket expression starting at `start`; POSIX classes expanded, letters doubled if asked. */
function translateClass(src: string, start: number, addOtherCase: boolean): { text: string; end: number } | null {
  let out = '[';
  let i = start + 1;
  if (src[i] === '^') {
    out += '^';
    i++;
  }
  // A `]` right after the opening bracket is a literal in PCRE.
  if (src[i] === ']') {
    out += '\\]';
    i++;
  }
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (c === ']') return { text: `${out}]`, end: i };
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return null;
      out += n === 's' ? '\\t-\\r ' : c + n;
      i++;
      continue;
    }
    if (c === '[' && src[i + 1] === ':') {
      const end = src.indexOf(':]', i + 2);
      const expansion = end < 0 ? undefined : POSIX_CLASSES.get(src.slice(i + 2, end));
      if (expansion === undefined) return null;
      out += expansion;
      i = end + 1;
      continue;
    }
    if (addOtherCase && isLetter(c) && src[i + 1] === '-' && isLetter(src[i + 2])) {
      const to = src[i + 2]!;
      out += `${c}-${to}`;
      if ((c === c.toLowerCase()) === (to === to.toLowerCase())) out += `${swapCase(c)}-${swapCase(to)}`;
      i += 2;
      continue;
    }
    out += addOtherCase && isLetter(c) ? c + swapCase(c) : c;
  }
  return null; // unterminated class
}

/**
 * Records where a compiled pattern was written (its run-time errors name the line) and warns, for
 * `htserve lint`, about one that can backtrack catastrophically or that only a bounded backtracking
 * engine can run (docs/security.md, "Regular expressions").
 */
export function placeRegex(ctx: DirectiveContext, regex: SafeRegex, loc: SourceLoc): SafeRegex {
  regex.where = formatLoc(loc);
  const risk = regexRisk(regex);
  if (risk !== null) ctx.warn(risk, loc);
  return regex;
}

/** Every `=~` / `!~` pattern of a compiled expression, placed like placeRegex. */
export function placeExprRegexes(ctx: DirectiveContext, expr: CompiledExpr, loc: SourceLoc): void {
  for (const r of expr.regexes ?? []) placeRegex(ctx, r, loc);
}

/** Longest subject anyone can send: a request line or header field (server.max_url_length's default). */
const LONG_SUBJECT = 8190;

export function regexRisk(regex: SafeRegex): string | null {
  const quoted = `regular expression '${regex.source}'`;
  if (regex.engine === 'backtracking') {
    if (regex.maxSubject >= LONG_SUBJECT) return null;
    return (
      `${quoted} needs a backtracking engine (back-reference or lookaround)` +
      (regex.shape.nested ? ' and has a repeat inside a repeat (catastrophic backtracking)' : '') +
      `: a subject longer than ${regex.maxSubject} characters gets a 500; rewrite it without them`
    );
  }
  if (regex.shape.nested)
    return (
      `${quoted} has a repeat inside a repeat and can backtrack catastrophically in Apache's PCRE ` +
      '(htserve runs it in linear time)'
    );
  return null;
}
