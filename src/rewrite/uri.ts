// URL helpers of mod_rewrite: is_absolute_uri, ap_escape_uri (ap_os_escape_path), escape_backref
// and subst_prefix_path.

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

/** The B flag: alphanumerics and `_` stay (only `chars` are escaped when given); a space is `+` unless BNP. */
export function escapeBackref(text: string, chars: string | null, noPlus: boolean): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    const keep = chars === null ? /[A-Za-z0-9_]/.test(c) : !(byte < 128 && chars.includes(c));
    if (keep) out += c;
    else if (c === ' ' && !noPlus) out += '+';
    else out += `%${byte.toString(16).padStart(2, '0')}`;
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
