// mod_alias in access files (Redirect, RedirectMatch): runs after access control, like
// Apache's fixup stage, so a protected `Redirect 404` still asks for credentials first.
import type { RedirectRule } from '../htaccess/types.js';
import type { RegexMatch } from '../regex/safe-regex.js';
import { encodeUrlPath } from '../paths/map-url.js';
import type { Scheme } from '../request.js';

export interface RedirectHit {
  rule: RedirectRule;
  status: number;
  /** Absolute Location for 3xx; null for 404/410 and other error statuses. */
  location: string | null;
}

/**
 * How many characters of `urlPath` the Redirect prefix covers, or -1. Like mod_alias: characters
 * compare literally, any run of slashes matches any run, and the prefix must end on a segment
 * boundary unless it ends with a slash itself (`/d/` does not match `/d`; `/h/` covers `/h/` of `/h/x`).
 */
export function prefixMatchLength(prefix: string, urlPath: string): number {
  let a = 0;
  let u = 0;
  while (a < prefix.length) {
    if (prefix[a] === '/') {
      if (urlPath[u] !== '/') return -1;
      while (prefix[a] === '/') a++;
      while (urlPath[u] === '/') u++;
    } else {
      if (urlPath[u] !== prefix[a]) return -1;
      a++;
      u++;
    }
  }
  if (prefix.length > 0 && !prefix.endsWith('/') && u < urlPath.length && urlPath[u] !== '/') return -1;
  return u;
}

/**
 * ap_pregsub: `$0`..`$9` from the match (unset groups give ''), a backslash takes the next
 * character literally (`\$1` is `$1`, `\x` is `x`), anything else is copied.
 */
function substitute(target: string, m: RegexMatch): string {
  let out = '';
  for (let i = 0; i < target.length; i++) {
    const c = target[i]!;
    const next = target[i + 1];
    if (c === '$' && next !== undefined && next >= '0' && next <= '9') {
      out += m[Number(next)] ?? '';
      i++;
    } else if (c === '\\' && next !== undefined) {
      out += next;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** The directory-wide form (`Redirect 301 /new` in an access file): an empty pattern. */
function isWholeSection(rule: RedirectRule): boolean {
  return rule.kind === 'regex' && rule.pattern === '';
}

/**
 * RedirectMatch escapes the substituted URL like Apache (ap_escape_uri on everything before the
 * query or fragment, lower-case hex); the query and fragment it leaves alone.
 */
function escapeRegexTarget(found: string): string {
  const cut = found.search(/[?#]/);
  if (cut < 0) return encodeUrlPath(found);
  return encodeUrlPath(found.slice(0, cut)) + found.slice(cut);
}

function absolutize(target: string, host: string, scheme: Scheme): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target)) return target;
  return `${scheme}://${host}${target.startsWith('/') ? '' : '/'}${target}`;
}

/**
 * `urlPath` is the decoded, normalised path (Apache's r->uri); `query` the raw query string, null
 * when the request has no `?`. Like mod_alias, any query (an empty one too: `?` alone) is appended
 * when the target has none of its own.
 */
export function findRedirect(
  rules: readonly RedirectRule[],
  urlPath: string,
  query: string | null,
  host: string,
  scheme: Scheme = 'http',
): RedirectHit | null {
  for (const rule of rules) {
    let target: string | null = null;
    if (rule.kind === 'prefix') {
      const length = prefixMatchLength(rule.pattern, urlPath);
      if (length <= 0) continue;
      // Apache appends the rest of the path literally (`/new/` + `/a` gives `/new//a`).
      if (rule.target !== null) target = rule.target + encodeUrlPath(urlPath.slice(length));
    } else {
      const m = rule.regex?.exec(urlPath);
      if (!m) continue;
      if (rule.target !== null) {
        // Apache escapes RedirectMatch results; the directory-wide form is an expression string it sends as is.
        const found = substitute(rule.target, m);
        target = isWholeSection(rule) ? found : escapeRegexTarget(found);
      }
    }
    if (rule.status >= 300 && rule.status < 400 && target !== null) {
      let location = absolutize(target, host, scheme);
      if (query !== null && !location.includes('?')) location += `?${query}`;
      return { rule, status: rule.status, location };
    }
    return { rule, status: rule.status, location: null };
  }
  return null;
}
