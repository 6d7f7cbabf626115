// Regular expressions from access files run on client input (URL paths, header values, file
// names), so none may be able to hang the process (docs/security.md, "Regular expressions").
// A pattern is compiled once, when its access file is read, onto one of three engines:
//   regexp        V8's RegExp, only for patterns proven cheap by their shape (no repeat, or one
//                 repeat of a single character or class under a leading `^`): fastest.
//   re2           re2js, linear in the subject whatever the pattern: everything RE2 can express.
//   backtracking  V8's RegExp for what RE2 cannot express (back-references, lookaround), with a
//                 longest subject derived from the pattern's shape; a longer subject throws
//                 RegexLimitError, which costs that one request a 500.
import { RE2JS } from 're2js';
import { regexShape, type RegexShape } from './shape.js';
import { expandReplacement, type MatchLike } from './replace.js';

export type RegexEngine = 'regexp' | 're2' | 'backtracking';

/** One match: `[0]` the whole match, then the groups (undefined when a group took no part). */
export type RegexMatch = MatchLike;

export interface SafeRegex {
  /** The JavaScript-syntax source and flags (`i`, `m`, `s`), as a RegExp would show them. */
  readonly source: string;
  readonly flags: string;
  readonly engine: RegexEngine;
  /** Longest subject the engine accepts (Infinity but for `backtracking`). */
  readonly maxSubject: number;
  readonly shape: RegexShape;
  /** Where the pattern was written (`path/.htaccess:LINE`), for the error log; set once compiled. */
  where: string;
  test(subject: string): boolean;
  exec(subject: string): RegexMatch | null;
  /** String.prototype.replace semantics (`$1`, `$&`, `$$`, ...): the first match, or every match. */
  replace(subject: string, replacement: string, all: boolean): string;
}

/** A subject too long for a backtracking pattern: the request is answered 500, never hung. */
export class RegexLimitError extends Error {
  constructor(
    readonly regex: SafeRegex,
    readonly length: number,
  ) {
    super(
      `${regex.where ? regex.where + ': ' : ''}the pattern '${regex.source}' needs a backtracking regex engine ` +
        `(back-reference or lookaround) and a subject of ${length} characters is longer than its limit of ` +
        `${regex.maxSubject}; the request is refused (500)`,
    );
    this.name = 'RegexLimitError';
  }
}

/**
 * Work allowed to one backtracking match, in rough steps (pattern length × subject positions
 * visited): some tens of milliseconds of V8 at worst. A pattern's longest subject is the one whose
 * worst case stays under it (see subjectLimit).
 */
export const BACKTRACK_BUDGET = 10_000_000;
/** No subject is longer than the longest request line or header field anyway. */
const MAX_SUBJECT = 1 << 20;
/** Choice points allowed to a `regexp`-engine pattern per start position. */
const MAX_PATHS = 4096;

/** Cheap on V8's backtracking engine whatever the subject: O(subject × pattern). */
export function provenCheap(shape: RegexShape): boolean {
  if (!shape.plainEscapes || shape.paths > MAX_PATHS) return false;
  if (shape.repeats === 0) return true;
  return shape.repeats === 1 && !shape.groupRepeat && shape.anchored && shape.backrefs === 0 && !shape.lookaround;
}

/**
 * The longest subject for which a backtracking match stays within BACKTRACK_BUDGET: the worst case
 * is about (pattern length) × (subject length)^degree (see RegexShape.degree); a repeat inside a
 * repeat doubles it per character.
 */
export function subjectLimit(shape: RegexShape, patternLength: number): number {
  const perPosition = BACKTRACK_BUDGET / Math.max(1, patternLength);
  if (shape.nested) return Math.floor(Math.log2(perPosition));
  if (shape.degree === 0) return MAX_SUBJECT;
  return Math.min(MAX_SUBJECT, Math.floor(Math.pow(perPosition, 1 / shape.degree)));
}

function re2Flags(flags: string): number {
  let f = 0;
  if (flags.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) f |= RE2JS.MULTILINE;
  if (flags.includes('s')) f |= RE2JS.DOTALL;
  return f;
}

/** Compile JavaScript-syntax `source`; throws SyntaxError when no engine accepts it. */
export function compileSafeRegex(source: string, flags = ''): SafeRegex {
  const native = new RegExp(source, flags); // the syntax check, and the engine of two of the three
  const shape = regexShape(source);
  if (provenCheap(shape)) return new NativeRegex(native, shape, 'regexp', Infinity);
  let re2: RE2JS | null = null;
  try {
    re2 = RE2JS.compile(source, re2Flags(flags));
  } catch {
    // back-references, lookaround and the like: RE2 refuses them
  }
  if (re2 !== null) return new Re2Regex(re2, source, flags, shape);
  return new NativeRegex(native, shape, 'backtracking', subjectLimit(shape, source.length));
}

class NativeRegex implements SafeRegex {
  where = '';
  readonly source: string;
  readonly flags: string;
  private readonly global: RegExp;

  constructor(
    private readonly native: RegExp,
    readonly shape: RegexShape,
    readonly engine: RegexEngine,
    readonly maxSubject: number,
  ) {
    this.source = native.source;
    this.flags = native.flags;
    this.global = new RegExp(native.source, native.flags + 'g');
  }

  private check(subject: string): void {
    if (subject.length > this.maxSubject) throw new RegexLimitError(this, subject.length);
  }

  test(subject: string): boolean {
    this.check(subject);
    return this.native.test(subject);
  }

  exec(subject: string): RegexMatch | null {
    this.check(subject);
    return this.native.exec(subject);
  }

  replace(subject: string, replacement: string, all: boolean): string {
    this.check(subject);
    if (!all) return subject.replace(this.native, replacement);
    this.global.lastIndex = 0;
    return subject.replace(this.global, replacement);
  }
}

class Re2Regex implements SafeRegex {
  where = '';
  readonly engine = 're2' as const;
  readonly maxSubject = Infinity;

  constructor(
    private readonly re2: RE2JS,
    readonly source: string,
    readonly flags: string,
    readonly shape: RegexShape,
  ) {}

  test(subject: string): boolean {
    return this.re2.test(subject);
  }

  exec(subject: string): RegexMatch | null {
    return this.re2.exec(subject) as RegexMatch | null;
  }

  replace(subject: string, replacement: string, all: boolean): string {
    let out = '';
    let last = 0;
    const matches = all ? (this.re2.matchAll(subject) as Iterable<RegexMatch>) : [this.exec(subject)];
    for (const m of matches) {
      if (m === null) break;
      out += subject.slice(last, m.index) + expandReplacement(replacement, m, subject);
      last = m.index + (m[0] ?? '').length;
    }
    return out + subject.slice(last);
  }
}
