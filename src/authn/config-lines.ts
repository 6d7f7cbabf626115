// How Apache reads the lines of an AuthUserFile / AuthGroupFile (ap_cfg_getline), and the two
// word splitters it applies to them (ap_getword, ap_getword_conf). Kept together so both file
// parsers follow exactly the same lexical rules.

export interface LogicalLine {
  text: string;
  /** 1-based number of the physical line where this logical line starts. */
  line: number;
}

// apr_isspace: space, \t, \n, \v, \f, \r.
const SPACE = ' \t\n\v\f\r';
const isSpace = (ch: string | undefined): boolean => ch !== undefined && ch !== '' && SPACE.includes(ch);

/**
 * Split file text into logical lines like ap_cfg_getline: LF or CRLF endings; a backslash
 * right before the line ending joins the next physical line (the backslash is removed);
 * leading and trailing whitespace is stripped. Comment and blank lines are returned too
 * (callers skip lines that are empty or start with `#`).
 */
export function readLogicalLines(text: string): LogicalLine[] {
  const physical = text.split('\n');
  const endsWithNewline = physical[physical.length - 1] === '';
  if (endsWithNewline) physical.pop();
  const lines: LogicalLine[] = [];
  let joined = ''; // text carried over from lines ending in a backslash
  let startLine = 0; // 0 = not inside a continued line
  for (let index = 0; index < physical.length; index++) {
    const piece = physical[index]!;
    const hasLineEnding = index < physical.length - 1 || endsWithNewline;
    const body = piece.endsWith('\r') ? piece.slice(0, -1) : piece;
    if (startLine === 0) startLine = index + 1;
    // Continuation only applies when a line ending actually follows the backslash.
    if (hasLineEnding && body.endsWith('\\')) {
      joined += body.slice(0, -1);
      continue;
    }
    lines.push({ text: trimSpace(joined + piece), line: startLine });
    joined = '';
    startLine = 0;
  }
  // The file ended inside a continued line (`…\` then a final newline).
  if (startLine !== 0) lines.push({ text: trimSpace(joined), line: startLine });
  return lines;
}

export function isSkippedLine(text: string): boolean {
  return text === '' || text.startsWith('#');
}

export function trimSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  return text.slice(start, end);
}

/**
 * ap_getword(line, stop): the text before the first `stop` (the whole line if none); all
 * consecutive `stop` characters after it are skipped. So `bob::x` yields `bob`, then `x`.
 */
export function getWord(line: string, stop: string): { word: string; rest: string } {
  const at = line.indexOf(stop);
  if (at < 0) return { word: line, rest: '' };
  let next = at;
  while (line[next] === stop) next++;
  return { word: line.slice(0, at), rest: line.slice(next) };
}

/**
 * ap_getword_conf: one configuration word. Leading whitespace is skipped; a word starting with
 * `"` or `'` runs to the matching quote (a backslash escapes that quote or a backslash);
 * otherwise it runs to the next whitespace (a doubled backslash becomes one). Whitespace after
 * the word is skipped.
 */
export function getConfWord(line: string): { word: string; rest: string } {
  let pos = 0;
  while (isSpace(line[pos])) pos++;
  if (pos >= line.length) return { word: '', rest: '' };

  let word: string;
  const quote = line[pos];
  if (quote === '"' || quote === "'") {
    let end = pos + 1;
    while (end < line.length && line[end] !== quote) {
      end += line[end] === '\\' && (line[end + 1] === quote || line[end + 1] === '\\') ? 2 : 1;
    }
    word = unescapeConf(line.slice(pos + 1, end), quote);
    pos = line[end] === quote ? end + 1 : end;
  } else {
    let end = pos;
    while (end < line.length && !isSpace(line[end])) end++;
    word = unescapeConf(line.slice(pos, end), null);
    pos = end;
  }
  while (isSpace(line[pos])) pos++;
  return { word, rest: line.slice(pos) };
}

/** substring_conf: `\\` → `\`, and inside quotes `\<quote>` → `<quote>`. */
function unescapeConf(raw: string, quote: string | null): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const next = raw[i + 1];
    if (raw[i] === '\\' && (next === '\\' || (quote !== null && next === quote))) {
      out += next;
      i++;
    } else {
      out += raw[i];
    }
  }
  return out;
}
