// Parser for the ap_expr subset (see types.ts). Precedence as in Apache's grammar: `||` lowest,
// then `&&`, then `!`; comparisons bind tightest. Errors are short bison-style messages; the
// caller adds file:line.

import { parseIpMatcher } from '../authz/ip-match.js';
import { compileApacheRegex } from '../htaccess/directives/regex.js';
import type { SafeRegex } from '../regex/safe-regex.js';
import type { BoolExpr, CompiledExpr, IntegerOp, MatchOp, StringOp, StringPart, Word } from './types.js';
import { FILE_TEST_OPS, SUBREQUEST_OPS, type FileTestOp } from './file-tests.js';
import { functionError, variableError } from './variables.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

class ExprSyntaxError extends Error {}

const STRING_OPS: readonly StringOp[] = ['==', '!=', '<=', '<', '>=', '>'];
const INTEGER_OPS: ReadonlySet<string> = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const MATCH_OPS: ReadonlySet<string> = new Set(['-strmatch', '-strcmatch', '-fnmatch']);
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

class Parser {
  private pos = 0;
  wantsUser = false;
  readonly regexes: SafeRegex[] = [];

  constructor(private readonly text: string) {}

  // ------------------------------------------------------------ boolean expressions

  parseExpr(): BoolExpr {
    const expr = this.parseOr();
    this.skipSpace();
    if (!this.atEnd()) this.unexpected();
    return expr;
  }

  private parseOr(): BoolExpr {
    let left = this.parseAnd();
    while (this.eat('||')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): BoolExpr {
    let left = this.parseNot();
    while (this.eat('&&')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): BoolExpr {
    this.skipSpace();
    if (this.peek() === '!' && this.text[this.pos + 1] !== '=' && this.text[this.pos + 1] !== '~') {
      this.pos++;
      return { kind: 'not', expr: this.parseNot() };
    }
    if (this.eat('(')) {
      const inner = this.parseOr();
      if (!this.eat(')')) this.unexpected("expecting ')'");
      return inner;
    }
    const keyword = this.peekIdentifier();
    if ((keyword === 'true' || keyword === 'false') && this.text[this.pos + keyword.length] !== '(') {
      this.pos += keyword.length;
      return { kind: 'const', value: keyword === 'true' };
    }
    if (this.peek() === '-' && /[A-Za-z_]/.test(this.text[this.pos + 1] ?? '')) return this.parseUnaryOp();
    return this.parseComparison();
  }

  private parseUnaryOp(): BoolExpr {
    const op = this.readDashOperator();
    if (op === '-n' || op === '-z' || op === '-T') return { kind: 'unary', op, word: this.parseWord() };
    if (op === '-R') return { kind: 'remote-ip', matcher: this.ipArgument('-R') };
    if (FILE_TEST_OPS.has(op)) return { kind: 'file-test', op: op as FileTestOp, word: this.parseWord() };
    const subrequest = SUBREQUEST_OPS[op];
    if (subrequest !== undefined) throw new ExprSyntaxError(subrequest);
    throw new ExprSyntaxError(`unary operator '${op}' is not supported by htserve`);
  }

  private parseComparison(): BoolExpr {
    const left = this.parseWord();
    this.skipSpace();
    if (this.eat('=~')) return { kind: 'regex', negate: false, left, regex: this.parseRegex() };
    if (this.eat('!~')) return { kind: 'regex', negate: true, left, regex: this.parseRegex() };
    for (const op of STRING_OPS) {
      if (this.eat(op)) return { kind: 'compare', op, left, right: this.parseWord() };
    }
    if (this.eat('=')) return { kind: 'compare', op: '==', left, right: this.parseWord() };
    if (this.peek() === '-' && /[A-Za-z_]/.test(this.text[this.pos + 1] ?? '')) {
      const op = this.readDashOperator();
      if (INTEGER_OPS.has(op)) return { kind: 'compare', op: op as IntegerOp, left, right: this.parseWord() };
      if (op === '-in') return { kind: 'in', left, list: this.parseWordList() };
      if (op === '-ipmatch') return { kind: 'ipmatch', left, matcher: this.ipArgument(op) };
      if (MATCH_OPS.has(op)) return { kind: 'match', op: op as MatchOp, left, pattern: this.parseWord() };
      throw new ExprSyntaxError(`binary operator '${op}' is not supported by htserve`);
    }
    // `in` without the dash is Apache's other spelling of -in
    if (this.peekIdentifier() === 'in') {
      this.pos += 2;
      return { kind: 'in', left, list: this.parseWordList() };
    }
    return this.unexpected();
  }

  private readDashOperator(): string {
    const m = /^-[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))!;
    this.pos += m[0].length;
    return m[0];
  }

  /** The subnet argument of -ipmatch / -R must be a literal (Apache parses it up front). */
  private ipArgument(op: string): NonNullable<ReturnType<typeof parseIpMatcher>> {
    const word = this.parseWord();
    const literal = literalOf(word);
    if (literal === null) throw new ExprSyntaxError(`${op} needs a literal IP address or subnet`);
    const matcher = parseIpMatcher(literal);
    if (matcher === null) throw new ExprSyntaxError(`Could not parse IP address/subnet '${literal}'`);
    return matcher;
  }

  private parseWordList(): Word[] {
    if (!this.eat('{')) this.unexpected("expecting '{'");
    const words = [this.parseWord()];
    while (this.eat(',')) words.push(this.parseWord());
    if (!this.eat('}')) this.unexpected("expecting '}'");
    return words;
  }

  private parseRegex(): SafeRegex {
    this.skipSpace();
    let delim = this.peek();
    if (delim === 'm' && this.pos + 1 < this.text.length && !/[\sA-Za-z0-9]/.test(this.text[this.pos + 1]!)) {
      this.pos++;
      delim = this.peek();
    } else if (delim !== '/') {
      this.unexpected('expecting a regular expression');
    }
    this.pos++;
    let source = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) throw new ExprSyntaxError('Unterminated regexp');
      if (c === delim) break;
      if (c === '\\' && this.text[this.pos] === delim) {
        source += delim;
        this.pos++;
        continue;
      }
      source += c;
    }
    let caseless = false;
    if (this.peek() === 'i') {
      caseless = true;
      this.pos++;
    }
    const regex = compileApacheRegex(source, caseless);
    if (regex === null) throw new ExprSyntaxError(`Cannot compile regular expression '${source}'`);
    this.regexes.push(regex);
    return regex;
  }

  // ------------------------------------------------------------ words and strings

  private parseWord(): Word {
    let word = this.parseWordPrimary();
    for (;;) {
      this.skipSpace();
      if (this.peek() !== '.') return word;
      this.pos++;
      word = { kind: 'concat', left: word, right: this.parseWordPrimary() };
    }
  }

  private parseWordPrimary(): Word {
    this.skipSpace();
    const c = this.peek();
    if (c === '"' || c === "'") {
      this.pos++;
      return { kind: 'string', parts: this.parseParts(c) };
    }
    if (c === '%' && this.text[this.pos + 1] === '{') return { kind: 'string', parts: [this.parseInsert()] };
    if (c === '$' && /[0-9]/.test(this.text[this.pos + 1] ?? '')) {
      this.pos += 2;
      return { kind: 'string', parts: [{ kind: 'backref', index: Number(this.text[this.pos - 1]) }] };
    }
    const digits = /^-?[0-9]+/.exec(this.text.slice(this.pos)); // integers may be negative
    if (digits) {
      this.pos += digits[0].length;
      return { kind: 'string', parts: [{ kind: 'text', text: digits[0] }] };
    }
    const name = this.peekIdentifier();
    if (name !== '' && this.text[this.pos + name.length] === '(') {
      this.pos += name.length + 1;
      const error = functionError(name);
      if (error !== null) throw new ExprSyntaxError(error);
      const arg = this.parseWord();
      if (!this.eat(')')) this.unexpected("expecting ')'");
      return { kind: 'string', parts: [{ kind: 'func', name: name.toLowerCase(), arg }] };
    }
    return this.unexpected();
  }

  /**
   * String text up to `end` (a quote, `}` of a function argument, or null = end of input):
   * `\x` escapes, %{...} inserts and $N back-references.
   */
  parseParts(end: string | null): StringPart[] {
    const parts: StringPart[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
    };
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) {
        if (end !== null) throw new ExprSyntaxError('Unterminated string or variable');
        break;
      }
      if (c === end) {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const next = this.text[this.pos + 1];
        if (next === undefined) throw new ExprSyntaxError('flex scanner jammed');
        text += ESCAPES[next] ?? next;
        this.pos += 2;
        continue;
      }
      if (c === '%' && this.text[this.pos + 1] === '{') {
        flush();
        parts.push(this.parseInsert());
        continue;
      }
      if (c === '$' && /[0-9]/.test(this.text[this.pos + 1] ?? '')) {
        flush();
        parts.push({ kind: 'backref', index: Number(this.text[this.pos + 1]) });
        this.pos += 2;
        continue;
      }
      text += c;
      this.pos++;
    }
    flush();
    return parts;
  }

  /** `%{NAME}` or `%{func:arg}`. */
  private parseInsert(): StringPart {
    this.pos += 2;
    const m = /^[A-Za-z0-9_]+/.exec(this.text.slice(this.pos));
    if (!m) throw new ExprSyntaxError('syntax error, expecting T_ID');
    const name = m[0];
    this.pos += name.length;
    if (this.peek() === '}') {
      this.pos++;
      const error = variableError(name);
      if (error !== null) throw new ExprSyntaxError(error);
      if (name.toUpperCase() === 'REMOTE_USER') this.wantsUser = true;
      return { kind: 'var', name: name.toUpperCase() };
    }
    if (this.peek() === ':') {
      this.pos++;
      const error = functionError(name);
      if (error !== null) throw new ExprSyntaxError(error);
      const arg: Word = { kind: 'string', parts: this.parseParts('}') };
      return { kind: 'func', name: name.toLowerCase(), arg };
    }
    throw new ExprSyntaxError(`syntax error, expecting T_VAR_END or ':'`);
  }

  // ------------------------------------------------------------ characters

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private peekIdentifier(): string {
    return /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0] ?? '';
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private eat(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private unexpected(expecting?: string): never {
    this.skipSpace();
    const what = this.atEnd() ? 'end of file' : `'${this.text.slice(this.pos, this.pos + 12)}'`;
    throw new ExprSyntaxError(`syntax error, unexpected ${what}${expecting ? `, ${expecting}` : ''}`);
  }
}

/** The word's text when it is a plain literal (no variables), else null. */
function literalOf(word: Word): string | null {
  if (word.kind !== 'string') return null;
  let text = '';
  for (const p of word.parts) {
    if (p.kind !== 'text') return null;
    text += p.text;
  }
  return text;
}

function attempt<T>(run: () => T): ParseResult<T> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    if (e instanceof ExprSyntaxError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Compile a boolean expression (`Require expr`, `<If>`). */
export function parseBooleanExpr(text: string): ParseResult<CompiledExpr> {
  return attempt(() => {
    const parser = new Parser(text);
    const root = parser.parseExpr();
    return { text, root, wantsUser: parser.wantsUser, regexes: parser.regexes };
  });
}

/** Compile a string expression (AuthName and the like): text with %{...} inserts. */
export function parseStringExpr(text: string): ParseResult<StringPart[]> {
  return attempt(() => new Parser(text).parseParts(null));
}
