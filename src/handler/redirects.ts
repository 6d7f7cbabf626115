// mod_alias in access files (Redirect, RedirectMatch): runs after access control, like
// Apache's fixup stage, so a protected `Redirect 404` still asks for credentials first.
import type { RedirectRule } from '../htaccess/types.js';
import { encodeUrlPath } from '../paths/map-url.js';

export interface RedirectHit {
  rule: RedirectRule;
  status: number;
  /** Absolute Location for 3xx; null for 404/410 and other error statuses. */
  location: string | null;
}

function prefixMatches(prefix: string, urlPath: string): string | null {
  const p = prefix.endsWith('/') && prefix.length > 1 ? prefix.slice(0, -1) : prefix;
  if (urlPath === p) return '';
  if (p === '/') return urlPath.slice(1);
  if (urlPath.startsWith(p + '/')) return urlPath.slice(p.length);
  return null;
}

function substitute(target: string, m: RegExpExecArray): string {
  return target.replace(/\$(\d)/g, (_s, d: string) => m[Number(d)] ?? '');
}

function absolutize(target: string, host: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target)) return target;
  return `http://${host}${target.startsWith('/') ? '' : '/'}${target}`;
}

export function findRedirect(rules: readonly RedirectRule[], urlPath: string, query: string, host: string): RedirectHit | null {
  for (const rule of rules) {
    let target: string | null = null;
    if (rule.kind === 'prefix') {
      const rest = prefixMatches(rule.pattern, urlPath);
      if (rest === null) continue;
      // Apache appends the rest of the path literally (`/new/` + `/a` gives `/new//a`).
      if (rule.target !== null) target = rule.target + encodeUrlPath(rest);
    } else {
      const re = rule.regex;
      if (!re) continue;
      re.lastIndex = 0;
      const m = re.exec(urlPath);
      if (!m) continue;
      if (rule.target !== null) target = substitute(rule.target, m);
    }
    if (rule.status >= 300 && rule.status < 400 && target !== null) {
      let location = absolutize(target, host);
      if (query !== '' && !location.includes('?')) location += `?${query}`;
      return { rule, status: rule.status, location };
    }
    return { rule, status: rule.status, location: null };
  }
  return null;
}
