// `Require host` / `Allow from name` (docs/apache-behaviour.md §6.4, Apache in_domain): the double-reverse-DNS
// name of the client must end with the pattern on a label boundary, case-insensitively.

import { looksLikeIp } from './ip-match.js';

/**
 * `example.com` matches `example.com` and `www.example.com`, never `badexample.com`;
 * `.example.com` matches names ending in `.example.com`. Null (no verified name) never matches,
 * and neither does an IP literal: the rule compares names, not addresses.
 */
export function hostNameMatches(pattern: string, hostName: string | null): boolean {
  if (hostName === null || hostName === '' || pattern === '') return false;
  if (looksLikeIp(pattern) || looksLikeIp(hostName)) return false;
  const p = pattern.toLowerCase();
  const h = hostName.toLowerCase();
  if (!h.endsWith(p)) return false;
  if (h.length === p.length) return true;
  return p.startsWith('.') || h[h.length - p.length - 1] === '.';
}
