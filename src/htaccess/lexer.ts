// Apache's config-file lexing, byte for byte where it matters (server/util.c ap_getword_conf,
// ap_cfg_getline, cfg_trim_line): physical lines are joined on a trailing backslash, trimmed,
// and blank or `#` lines dropped; words are split on ASCII white space with "..." / '...' grouping.

/** One logical line: continuation lines joined, leading/trailing white space trimmed. */
export interface LogicalLine {
  text: string;
  /** 1-based number of the physical line the logical line starts on. */
  line: number;
}

export type LinesResult = { kind: 'ok'; lines: LogicalLine[] } | { kind: 'error'; line: number; message: string };

/**
 * apr_isspace: only these six characters. Deliberately not JS `\s`, which also matches
 * U+FEFF (a UTF-8 BOM must stay part of the first word, as in Apache) and U+00A0.
 */
export function isConfigSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

/**
 * Apache reads .htaccess lines into an 8 KiB buffer (HUGE_STRING_LEN): a line, with its line
 * break and any lines continued into it, of more bytes than that is an error.
 */
export const MAX_LINE_BYTES = 8192;

/**
 * Split a file into logical lines. A line continues when the character right before its
 * line feed (or CR LF) is a backslash; the backslash and line break are removed and the next
 * line is appended as is. The last line of a file without a final newline never continues.
 * Comments are only lines whose first non-blank character is `#` (a `#` later on a line is
 * part of the arguments).
 */
export function readLogicalLines(text: string): LinesResult {
  const physical = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  const count = endsWithNewline ? physical.length - 1 : physical.length;
  const lines: LogicalLine[] = [];
  let buffer = '';
  let start = 0; // line number where the current logical line began (0 = none open)
  for (let i = 0; i < count; i++) {
    const content = physical[i]!;
    const hasNewline = i < physical.length - 1;
    if (start === 0) start = i + 1;
    if (Buffer.byteLength(buffer) + Buffer.byteLength(content) + (hasNewline ? 1 : 0) > MAX_LINE_BYTES) {
      return tooLong(i + 1);
    }
    if (hasNewline) {
      const body = content.endsWith('\r') ? content.slice(0, -1) : content;
      if (body.endsWith('\\')) {
        buffer += body.slice(0, -1);
        continue;
      }
    }
    pushLine(lines, buffer + content, start);
    buffer = '';
    start = 0;
  }
  // EOF in the middle of a continuation: what was read so far is a line.
  if (start !== 0) pushLine(lines, buffer, start);
  return { kind: 'ok', lines };
}

function tooLong(line: number): LinesResult {
  return { kind: 'error', line, message: 'Line too long' };
}

function pushLine(lines: LogicalLine[], raw: string, line: number): void {
  const text = trimConfigSpace(raw);
  if (text === '' || text.startsWith('#')) return;
  lines.push({ text, line });
}

export function trimConfigSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isConfigSpace(s[a])) a++;
  while (b > a && isConfigSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

export interface Word {
  word: string;
  /** Index just after the word and the white space that follows it. */
  next: number;
}

/**
 * ap_getword_conf: skip white space, then read one word. A word starting with `"` or `'` runs
 * to the matching quote (or the end of the line when unterminated) and may contain spaces;
 * inside it `\"` (resp. `\'`) and `\\` are escapes. Outside quotes only `\\` is an escape.
 * A quote in the middle of a word is an ordinary character. Returns '' at the end.
 */
export function getWord(s: string, from = 0): Word {
  let pos = from;
  while (pos < s.length && isConfigSpace(s[pos])) pos++;
  if (pos >= s.length) return { word: '', next: s.length };

  const quote = s[pos];
  let end: number;
  let word: string;
  if (quote === '"' || quote === "'") {
    end = pos + 1;
    while (end < s.length && s[end] !== quote) {
      if (s[end] === '\\' && (s[end + 1] === quote || s[end + 1] === '\\')) end += 2;
      else end++;
    }
    word = unescapeConf(s, pos + 1, Math.min(end, s.length), quote);
    if (s[end] === quote) end++;
  } else {
    end = pos;
    while (end < s.length && !isConfigSpace(s[end])) end++;
    word = unescapeConf(s, pos, end, null);
  }
  while (end < s.length && isConfigSpace(s[end])) end++;
  return { word, next: end };
}

/** substring_conf: `\\` -> `\`, and inside quotes `\<quote>` -> quote; nothing else. */
function unescapeConf(s: string, from: number, to: number, quote: string | null): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const c = s[i]!;
    const n = s[i + 1];
    if (c === '\\' && (n === '\\' || (quote !== null && n === quote))) {
      out += n;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** All words of an argument string, stopping at the first empty one (as Apache's loops do). */
export function splitWords(s: string): string[] {
  const words: string[] = [];
  let pos = 0;
  for (;;) {
    const { word, next } = getWord(s, pos);
    if (word === '') return words;
    words.push(word);
    pos = next;
  }
}

/**
 * Render text the way Apache's error log shows it (ap_escape_logitem): printable ASCII as is,
 * every other byte of its UTF-8 encoding as `\xhh`. A BOM thus reads `\xef\xbb\xbf`.
 */
export function escapeForLog(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
