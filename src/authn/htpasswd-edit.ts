// Pure text edits of an htpasswd file for `htserve passwd`: every line other than the user's
// own stays byte-for-byte as it was (comments, blank lines, other users, order, line endings).
// Lines are matched the way the server reads them (leading/trailing whitespace ignored, user =
// text before the first colon), and like Apache's htpasswd, every line of the user is
// replaced or deleted (the server only ever uses the first).

import { getWord, isSkippedLine, trimSpace } from './config-lines.js';

interface PhysicalLine {
  content: string;
  /** '\n', '\r\n' or '' (last line without a line ending). */
  eol: string;
}

function splitLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  const pattern = /([^\n]*?)(\r?\n|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    lines.push({ content: match[1] ?? '', eol: match[2] ?? '' });
  }
  return lines;
}

function join(lines: PhysicalLine[]): string {
  return lines.map((line) => line.content + line.eol).join('');
}

function userOf(line: PhysicalLine): string | null {
  const text = trimSpace(line.content);
  return isSkippedLine(text) ? null : getWord(text, ':').word;
}

/**
 * Like htpasswd, refuse to edit a file in which some non-comment line has no colon: it is
 * probably not an htpasswd file at all. Returns the 1-based number of the first such line.
 */
export function findInvalidLine(text: string): number | null {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const content = trimSpace(lines[i]!.content);
    if (!isSkippedLine(content) && !content.includes(':')) return i + 1;
  }
  return null;
}

/** Replace the user's line(s) in place with `record`, or append it at the end. */
export function upsertRecord(
  text: string,
  user: string,
  record: string,
): { text: string; action: 'added' | 'updated' } {
  const lines = splitLines(text);
  let found = false;
  for (const line of lines) {
    if (userOf(line) === user) {
      line.content = record;
      found = true;
    }
  }
  if (found) return { text: join(lines), action: 'updated' };

  const eol = preferredEol(lines);
  const last = lines[lines.length - 1];
  if (last && last.eol === '') last.eol = eol; // never glue the record onto the last line
  lines.push({ content: record, eol });
  return { text: join(lines), action: 'added' };
}

/** Remove every line of the user. */
export function deleteRecord(text: string, user: string): { text: string; deleted: number } {
  const lines = splitLines(text);
  const kept = lines.filter((line) => userOf(line) !== user);
  return { text: join(kept), deleted: lines.length - kept.length };
}

/** CRLF if the file already uses it throughout, else LF. */
function preferredEol(lines: PhysicalLine[]): string {
  const endings = lines.map((line) => line.eol).filter((eol) => eol !== '');
  return endings.length > 0 && endings.every((eol) => eol === '\r\n') ? '\r\n' : '\n';
}
