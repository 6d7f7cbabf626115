// The shape of a (translated, JavaScript-syntax) regular expression: what a backtracking engine
// can be made to do with it. Used to pick an engine (src/regex/safe-regex.ts) and by `htserve lint`.
// Conservative: when in doubt a pattern is called costlier than it is, never cheaper.

export interface RegexShape {
  /** Quantifiers that can repeat more than once (`*`, `+`, `{n,}`, `{n,m}` with m > 1). */
  repeats: number;
  /** A repeated group holding a repeat or an alternation (`(a+)+`, `(a|a)*`, `(.*)*`): exponential when backtracking. */
  nested: boolean;
  /** Some repeat applies to a group rather than to one character or class. */
  groupRepeat: boolean;
  /** Back-references (`\1`, `\k<name>`). */
  backrefs: number;
  /** Lookahead or lookbehind. */
  lookaround: boolean;
  /** Starts with `^` and has no top-level alternation: only one start position can match. */
  anchored: boolean;
  /**
   * Polynomial degree of a backtracking match's worst case in the subject length: repeats and
   * back-references in sequence add up, alternatives take the largest, and an unanchored search
   * adds one (every start position). Meaningless when `nested` (exponential).
   */
  degree: number;
  /** Paths through the choice points (`?`, `|`) of one attempt, capped at 1e9. */
  paths: number;
  /** Only escapes whose meaning is the same in JavaScript, RE2 and PCRE (no `\p`, `\Q`, `\c`, ...). */
  plainEscapes: boolean;
}

interface Frame {
  /** Sum of the finished alternatives' paths, and the product of the current one. */
  sum: number;
  product: number;
  alternation: boolean;
  repeat: boolean;
  lookaround: boolean;
  /** Degree of the current alternative so far, and the largest of the finished ones. */
  seq: number;
  alt: number;
}

const CAP = 1e9;
const PLAIN_ESCAPE_LETTERS = new Set('dDwWsSbBnrtfv0x');

export function regexShape(source: string): RegexShape {
  const shape: RegexShape = {
    repeats: 0,
    nested: false,
    groupRepeat: false,
    backrefs: 0,
    lookaround: false,
    anchored: source.startsWith('^'),
    degree: 0,
    paths: 1,
    plainEscapes: true,
  };
  const frame = (lookaround: boolean): Frame => ({
    sum: 0,
    product: 1,
    alternation: false,
    repeat: false,
    lookaround,
    seq: 0,
    alt: 0,
  });
  const stack: Frame[] = [frame(false)];
  const top = (): Frame => stack[stack.length - 1]!;
  // The atom a quantifier would apply to: its path count, and whether it is a group (with what inside).
  let atom: { paths: number; group: Frame | null; degree: number } | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const quant = quantifierAt(source, i);
    if (quant !== null && atom !== null) {
      const f = top();
      if (quant.max > 1) {
        shape.repeats++;
        f.repeat = true;
        if (atom.group !== null) {
          shape.groupRepeat = true;
          if (atom.group.repeat || atom.group.alternation || atom.degree > 0) shape.nested = true;
        }
        f.seq += 1;
      } else {
        // an optional atom: one more way through
        f.product = Math.min(CAP, (f.product / atom.paths) * (atom.paths + 1));
      }
      i = quant.end - 1;
      atom = null;
      continue;
    }
    atom = { paths: 1, group: null, degree: 0 };
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (/[1-9]/.test(n) || (n === 'k' && source[i + 2] === '<')) {
        shape.backrefs++;
        top().seq += 1; // compares up to the whole subject
      } else if (/[A-Za-z]/.test(n) && !PLAIN_ESCAPE_LETTERS.has(n)) shape.plainEscapes = false;
      i++;
      continue;
    }
    if (c === '[') {
      i = classEnd(source, i);
      continue;
    }
    if (c === '(') {
      const look = /^\(\?<?[=!]/.test(source.slice(i, i + 4));
      if (look) shape.lookaround = true;
      stack.push(frame(look));
      atom = null;
      continue;
    }
    if (c === ')' && stack.length > 1) {
      const f = stack.pop()!;
      const paths = Math.min(CAP, f.sum + f.product);
      const degree = Math.max(f.alt, f.seq);
      const parent = top();
      parent.repeat ||= f.repeat;
      parent.product = Math.min(CAP, parent.product * paths);
      parent.seq += degree;
      atom = { paths, group: f, degree };
      continue;
    }
    if (c === '|') {
      const f = top();
      f.alternation = true;
      f.sum = Math.min(CAP, f.sum + f.product);
      f.product = 1;
      f.alt = Math.max(f.alt, f.seq);
      f.seq = 0;
      if (stack.length === 1) shape.anchored = false;
      atom = null;
      continue;
    }
  }
  const root = stack[0]!;
  shape.paths = Math.min(CAP, root.sum + root.product);
  shape.degree = Math.max(root.alt, root.seq) + (shape.anchored ? 0 : 1);
  return shape;
}

/** A quantifier starting at `i` (with its lazy `?`), or null. `{` that is not a count is a literal. */
function quantifierAt(source: string, i: number): { max: number; end: number } | null {
  const c = source[i];
  let max: number;
  let end = i + 1;
  if (c === '*' || c === '+') max = Infinity;
  else if (c === '?') max = 1;
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
    if (!m) return null;
    max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    end = i + m[0].length;
  } else return null;
  if (source[end] === '?') end++;
  return { max, end };
}

/** Index of the `]` closing the class that opens at `start` (JavaScript syntax). */
function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}
