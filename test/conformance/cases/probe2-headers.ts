// Second-round probes: Header with env= conditions on compared headers (set by SetEnvIf before
// access control, by SetEnv after it), Header edit/merge/setifempty/onsuccess forms.

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

const dirs: Array<[string, string[]]> = [
  ['envif', ['SetEnvIf Request_URI "\\.txt$" TXT', 'Header always set Location "http://example.com/t" env=TXT']],
  ['envnot', ['SetEnvIf Request_URI "\\.txt$" TXT', 'Header always set Location "http://example.com/n" env=!TXT']],
  ['setenv', ['SetEnv LATE 1', 'Header always set Location "http://example.com/s" env=LATE']],
  [
    'auth',
    [
      AUTH,
      'Require valid-user',
      'SetEnvIf User-Agent "^X" XUA',
      'Header always set WWW-Authenticate "Basic realm=\\"Env\\"" env=XUA',
    ],
  ],
  ['onsuccess', [AUTH, 'Require valid-user', 'Header onsuccess set WWW-Authenticate "Basic realm=\\"Succ\\""']],
  ['edit', [AUTH, 'Require valid-user', 'Header always edit WWW-Authenticate "realm=\\"R\\"" "realm=\\"Edited\\""']],
  ['editct', ['Header edit Content-Type "^text/plain" "text/x-edited"']],
  ['ifempty', ['Header always setifempty Location "http://example.com/e"']],
  ['merge', ['Header always merge Allow "FOO"']],
  ['ctenv', ['SetEnvIfNoCase Request_URI "\\.TXT$" T', 'Header set Content-Type "text/x-env" env=T']],
];

export const PROBE2_HEADERS_CASES: Case[] = [
  {
    name: 'p2 Header with env= and edit forms on compared headers',
    area: 'realworld',
    tree: dirs.flatMap(([d, lines]) => [htaccess(d, ...lines), file(`${d}/f.txt`), file(`${d}/f.html`)]),
    requests: [
      ...dirs.flatMap(([d]) => [req(`@/${d}/f.txt`), req(`@/${d}/f.html`), req(`@/${d}/missing.txt`)]),
      req('@/auth/f.txt', { headers: [['User-Agent', 'Xbot']] }),
      req('@/auth/f.txt', { as: 'bob', headers: [['User-Agent', 'Xbot']] }),
      req('@/onsuccess/f.txt', { as: 'bob' }),
      req('@/edit/f.txt', { as: 'bob:wrong' }),
      req('OPTIONS @/merge/f.txt'),
      req('@/ifempty/'),
    ],
  },
];
