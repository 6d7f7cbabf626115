// Fourth-round probes: error documents that are themselves special (a query string, a redirect,
// an index of a folder, a symlink, a file needing a password), asked with conditionals and HEAD.

import { AUTH, errorPages, file, htaccess, link, req } from '../dsl.js';
import type { Case, Declared } from '../types.js';

const NO_LEAKED_CHALLENGE: Declared = {
  fields: ['www-authenticate'],
  reason:
    'an error document from a protected folder never adds WWW-Authenticate to a non-401 response (Apache leaks the challenge)',
};

export const PROBE4_ERRDOC_CASES: Case[] = [
  {
    name: 'p4 special error document targets',
    area: 'errordoc',
    tree: [
      htaccess('q', 'ErrorDocument 404 {URL}/q/e/404.html?from=404'),
      ...errorPages('q/e', [404]),
      htaccess('rd', 'ErrorDocument 404 {URL}/rd/old.html', 'Redirect 302 {URL}/rd/old.html {URL}/rd/new.html'),
      file('rd/new.html', 'NEW-MARKER\n'),
      htaccess('ix', 'ErrorDocument 404 {URL}/ix/e/'),
      file('ix/e/index.html', 'IXE-MARKER\n'),
      htaccess('sl', 'Options -FollowSymLinks', 'ErrorDocument 404 {URL}/sl/e.html'),
      file('sl/real.html', 'REAL-MARKER\n'),
      link('sl/e.html', 'real.html'),
      htaccess('pw', 'ErrorDocument 404 {URL}/pw/e/404.html', 'ErrorDocument 403 {URL}/pw/e/404.html'),
      htaccess('pw/e', AUTH, 'Require valid-user'),
      ...errorPages('pw/e', [404]),
      htaccess('pw/deny', 'Require all denied'),
      file('pw/deny/a.txt'),
      htaccess('ht', 'ErrorDocument 403 "HT-403-MARKER'),
      file('ht/a.txt'),
      htaccess('slash', 'ErrorDocument 404 {URL}/slash/e'),
      file('slash/e/index.html', 'SLASHE-MARKER\n'),
      htaccess('self', 'ErrorDocument 404 {URL}/self/missing.html'),
    ],
    requests: [
      req('@/q/nope'),
      req('HEAD @/q/nope'),
      req('@/q/nope', { headers: [['If-None-Match', '*']] }),
      req('@/q/nope', { headers: [['Range', 'bytes=0-3']] }),
      req('@/rd/nope'),
      req('@/ix/nope'),
      req('@/ix/nope', { headers: [['If-Modified-Since', 'Sat, 01 Jan 2033 00:00:00 GMT']] }),
      req('@/sl/nope'),
      req('@/pw/nope', { declared: NO_LEAKED_CHALLENGE }),
      req('@/pw/nope', { as: 'bob' }),
      req('@/pw/deny/a.txt', { declared: NO_LEAKED_CHALLENGE }),
      req('@/pw/deny/a.txt', { as: 'bob' }),
      req('@/ht/.htaccess'),
      req('@/ht/.htpasswd'),
      req('HEAD @/ht/.htaccess'),
      req('@/slash/nope'),
      req('@/self/nope'),
      req('@/self/missing.html'),
    ],
  },
];
