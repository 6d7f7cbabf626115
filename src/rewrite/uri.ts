// URL helpers of mod_rewrite: is_absolute_uri, ap_escape_uri (ap_os_escape_path), escape_backref
// and subst_prefix_path.
import type { BackrefEscape } from './types.js';

const SPLIT_SCHEMES = /^(ajp|balancer|fcgi|ftp|gopher|h2c?|https?|ldap|nntp|scgi|wss?):\/\//i;
const NOSPLIT_SCHEMES = /^(mailto|news):/i;

/** The length of the scheme prefix (0 when not absolute) and whether a query may be split off. */
export function absoluteUri(uri: string): { skip: number; split: boolean } {
  const m = SPLIT_SCHEMES.exec(uri);
  if (m) return { skip: m[0].length, split: true };
  const n = NOSPLIT_SCHEMES.exec(uri);
  return n ? { skip: n[0].length, split: false } : { skip: 0, split: false };
}

const PATH_SAFE = "$-_.+!*'(),:@&=/~";

/** ap_escape_uri: every byte that is not alphanumeric or one of $-_.+!*'(),:@&=/~ becomes %XX. */
export function escapeUri(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out +=
      /[A-Za-z0-9]/.test(c) || (byte < 128 && PATH_SAFE.includes(c)) ? c : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** escape_absolute_uri: the part after `scheme://host` escaped, the host left alone. */
export function escapeAbsoluteUri(uri: string, skip: number): string {
  const slash = uri.indexOf('/', skip);
  return slash < 0 ? uri : uri.slice(0, slash) + escapeUri(uri.slice(slash));
}

const hex = (byte: number): string => `%${byte.toString(16).padStart(2, '0')}`;

/**
 * escape_backref: a byte is a candidate when BCTLS names it (a control or a space) or B names it
 * (every byte when B lists none, unless BCTLS), and BNE does not keep it. A candidate that is
 * alphanumeric or `_` still stays; a space becomes `+` (BNP: %20); the rest %XX. Lists hold
 * ASCII, so a non-ASCII character is escaped (byte by byte) only by a bare B.
 */
export function escapeBackref(text: string, esc: BackrefEscape): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code >= 128) {
      out += esc.chars === null && !esc.controls ? [...Buffer.from(c, 'utf8')].map(hex).join('') : c;
      continue;
    }
    const chosen = esc.controls ? code <= 0x20 || code === 0x7f : esc.chars === null;
    const candidate = (chosen || (esc.chars?.includes(c) ?? false)) && !(esc.keep?.includes(c) ?? false);
    if (!candidate || /[A-Za-z0-9_]/.test(c)) out += c;
    else if (c === ' ' && !esc.noPlus) out += '+';
    else out += hex(code);
  }
  return out;
}

/** subst_prefix_path: `match` (a directory) at the start of `input` replaced by `subst` (with a trailing slash). */
export function substPrefixPath(input: string, match: string, subst: string): string {
  const m = match.endsWith('/') ? match.slice(0, -1) : match;
  if (!input.startsWith(m) || input[m.length] !== '/') return input;
  const s = subst === '' || subst.endsWith('/') ? subst : `${subst}/`;
  return s + input.slice(m.length + 1);
}
