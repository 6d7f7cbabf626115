// Parsing of `Authorization: Basic …`, byte for byte like mod_auth_basic's get_basic_auth().
// See docs/apache-behaviour.md §5.3.

import { decodeBytes } from '../text/decode-bytes.js';

export type BasicCredentials =
  { kind: 'none' } | { kind: 'wrong-scheme' } | { kind: 'basic'; user: string; password: string };

/**
 * `header` is the raw header value (undefined when absent).
 * - The scheme is the text before the first space, compared case-insensitively with `Basic`;
 *   anything else (including `Basic<TAB>…`) is `wrong-scheme`.
 * - Spaces and tabs after the scheme are skipped; base64 decoding stops at the first character
 *   outside the standard alphabet, padding is optional, and decoding stops at a NUL byte
 *   (Apache handles the result as a C string).
 * - The decoded text is split at the FIRST colon; without a colon the password is empty.
 * Bytes become text with decodeBytes() (UTF-8 if valid, else byte-exact escapes: see src/text/decode-bytes.ts).
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials {
  if (header === undefined) return { kind: 'none' };
  const { word: scheme, rest } = takeWordBeforeSpaces(header);
  // ASCII-only case folding, like ap_cstr_casecmp (a regex without the `u` flag never folds
  // non-ASCII letters onto ASCII ones).
  if (!/^basic$/i.test(scheme)) return { kind: 'wrong-scheme' };

  let start = 0;
  while (start < rest.length && (rest[start] === ' ' || rest[start] === '\t')) start++;
  const decoded = decodeBytes(cutAtNul(decodeBase64Prefix(rest.slice(start))));

  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'basic', user: decoded, password: '' };
  return { kind: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** ap_getword(line, ' '): the text before the first space; the spaces after it are skipped. */
function takeWordBeforeSpaces(line: string): { word: string; rest: string } {
  const space = line.indexOf(' ');
  if (space < 0) return { word: line, rest: '' };
  let next = space;
  while (line[next] === ' ') next++;
  return { word: line.slice(0, space), rest: line.slice(next) };
}

const BASE64_ALPHABET = /^[A-Za-z0-9+/]*/;

/**
 * apr_base64_decode: decode the longest prefix of standard-alphabet characters. `=`, `-`, `_`,
 * spaces and everything else end the data (Node's own decoder would skip or accept them).
 * A single dangling character carries no whole byte and is dropped.
 */
function decodeBase64Prefix(text: string): Buffer {
  let chars = (BASE64_ALPHABET.exec(text) ?? [''])[0];
  if (chars.length % 4 === 1) chars = chars.slice(0, -1);
  return Buffer.from(chars, 'base64');
}

function cutAtNul(bytes: Buffer): Buffer {
  const nul = bytes.indexOf(0);
  return nul < 0 ? bytes : bytes.subarray(0, nul);
}
