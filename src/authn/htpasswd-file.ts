// Parsing an AuthUserFile exactly as mod_authn_file reads it (docs/apache-behaviour.md §5.5):
// logical lines per ap_cfg_getline (trimmed, CRLF, `\` continuation), `#` and blank lines
// skipped, user = text before the first `:`, hash = text up to the next `:` (consecutive
// colons are skipped, as ap_getword does), no trimming around the colon, first entry wins.

import type { ConfigError } from '../htaccess/types.js';
import { getWord, isSkippedLine, readLogicalLines } from './config-lines.js';
import { describeUnverifiable, detectHashFormat, isVerifiableFormat, type HashFormat } from './hash-formats.js';

export interface HtpasswdEntry {
  user: string;
  hash: string;
  /** 1-based line number where the entry starts. */
  line: number;
  format: HashFormat;
}

export interface HtpasswdFile {
  file: string;
  /** user -> the FIRST entry for that user (the one Apache uses). */
  entries: ReadonlyMap<string, HtpasswdEntry>;
  /**
   * Notes pointing at file:line: entries that can never match (plain text, empty, malformed or
   * unsupported hash), lines without a colon, shadowed duplicates. Not fatal: such an entry just
   * never matches. Meant for the error log and `htserve lint`.
   */
  problems: ConfigError[];
}

/**
 * Longest user name (UTF-8 bytes) htserve ever looks up: a longer name in a request is an unknown
 * user at no cost, so a longer one in the file can never sign in (Apache has no such limit).
 */
export const MAX_USER_BYTES = 255;

/** Apache reads the file with 8 KiB line buffers (MAX_STRING_LEN) and stops at a longer line. */
const MAX_LINE_BYTES = 8190;

function untilOverlongLine(text: string, note: (line: number, message: string) => void): string {
  let start = 0;
  for (let line = 1; start < text.length; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const body = text.slice(start, end).replace(/\r$/, '');
    if (Buffer.byteLength(body, 'utf8') > MAX_LINE_BYTES) {
      note(line, `line is longer than ${MAX_LINE_BYTES} bytes: like Apache, nothing from here on is read`);
      return text.slice(0, start);
    }
    start = end + 1;
  }
  return text;
}

export function parseHtpasswd(text: string, file: string): HtpasswdFile {
  const entries = new Map<string, HtpasswdEntry>();
  const problems: ConfigError[] = [];
  const note = (line: number, message: string): void => {
    problems.push({ file, line, message });
  };

  for (const { text: content, line } of readLogicalLines(untilOverlongLine(text, note))) {
    if (isSkippedLine(content)) continue;
    const { word: user, rest } = getWord(content, ':');
    const hash = getWord(rest, ':').word;
    const format = detectHashFormat(hash);

    const first = entries.get(user);
    if (first) {
      note(line, `user "${user}" is defined again; the first definition (line ${first.line}) wins`);
      continue;
    }
    entries.set(user, { user, hash, line, format });

    if (line === 1 && user.startsWith('\uFEFF')) {
      note(line, 'the file starts with a UTF-8 byte-order mark, which becomes part of the first user name');
    }
    if (Buffer.byteLength(user, 'utf8') > MAX_USER_BYTES) {
      note(line, `user name is longer than ${MAX_USER_BYTES} bytes: htserve never signs this user in`);
    }
    if (!content.includes(':')) {
      note(line, `line has no ':'; "${user}" is read as a user with no password, who can never log in`);
    } else if (!isVerifiableFormat(format)) {
      note(line, `user "${user}": ${describeUnverifiable(hash)}`);
    }
  }
  return { file, entries, problems };
}
