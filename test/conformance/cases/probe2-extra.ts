// Second-round probes: directories named without their slash under every method and guard,
// dotfile media types, over-long lines in user and group files, bad escapes next to
// ErrorDocument 400/404, address forms that are malformed or unusual.

import { AUTH, errorPages, file, htaccess, passwd, req } from '../dsl.js';
import type { Case } from '../types.js';

const LONG = 'y'.repeat(8300);

const odd: Array<[string, string[]]> = [
  ['all0', ['Require ip 0.0.0.0/0']],
  ['slash8', ['Require ip 127.0.0.0/8 ::1']],
  ['slash33', ['Require ip 127.0.0.1/33']],
  ['octet256', ['Require ip 127.0.0.256']],
  ['allow33', ['Order deny,allow', 'Deny from all', 'Allow from 127.0.0.1/33']],
  ['allow256', ['Order deny,allow', 'Deny from all', 'Allow from 127.0.0.256']],
  ['noncontig', ['Order deny,allow', 'Deny from all', 'Allow from 127.0.0.0/255.0.255.0']],
  ['short', ['Order deny,allow', 'Deny from all', 'Allow from 127.1']],
  ['int', ['Order deny,allow', 'Deny from all', 'Allow from 2130706433']],
  ['hostname', ['Order deny,allow', 'Deny from all', 'Allow from localhost']],
  ['trailingdot', ['Require ip 127.0.0.1.']],
  ['v6full', ['Require ip 0:0:0:0:0:ffff:7f00:2']],
];

export const PROBE2_EXTRA_CASES: Case[] = [
  {
    name: 'p2 directories named without their slash',
    area: 'dirs',
    tree: [
      file('open/a.txt'),
      htaccess('prot', AUTH, 'Require valid-user'),
      file('prot/a.txt'),
      htaccess('den', 'Require all denied'),
      file('den/a.txt'),
      htaccess('noidx', 'Options -Indexes'),
      file('noidx/a.txt'),
      htaccess('off', 'DirectorySlash Off'),
      file('off/index.html'),
      htaccess('gone', 'Redirect gone {URL}/gone/sub'),
      file('gone/sub/a.txt'),
      htaccess('', 'ErrorDocument 404 {URL}/e/404.html'),
      ...errorPages('e', [404]),
    ],
    requests: [
      ...['open', 'prot', 'den', 'noidx', 'off', 'gone/sub'].flatMap((d) => [
        req(`OPTIONS @/${d}`),
        req(`HEAD @/${d}`),
        req(`OPTIONS @/${d}/`),
      ]),
      req('OPTIONS @/prot', { as: 'bob' }),
      req('OPTIONS @/open?x=1'),
      req('OPTIONS @/missing'),
      req('OPTIONS @/missing/'),
      req('OPTIONS @/open/a.txt/'),
      req('OPTIONS @/open/a.txt/extra'),
      req('OPTIONS @/e/404.html'),
    ],
  },
  {
    name: 'p2 dotfile and odd-name media types',
    area: 'files',
    tree: [
      htaccess('', 'AddType application/x-foo .foo', 'AddType text/x-q q'),
      ...['.html', '.txt', '.foo', '..html', '.x.html', 'a..html', '.q', 'q', 'a.q', '.foo.txt', 'x.foo.'].map((n) =>
        file(n),
      ),
      htaccess('idx', 'DirectoryIndex .foo'),
      file('idx/.foo'),
    ],
    requests: [
      ...['.html', '.txt', '.foo', '..html', '.x.html', 'a..html', '.q', 'q', 'a.q', '.foo.txt', 'x.foo.'].map((n) =>
        req(`@/${n}`),
      ),
      req('@/idx/'),
    ],
  },
  {
    name: 'p2 over-long lines in user and group files',
    area: 'authn',
    tree: [
      passwd('.htpw', [{ raw: 'ann:{HASH:md5:annpw}' }, { raw: `zed:${LONG}` }, { raw: 'ben:{HASH:md5:benpw}' }]),
      passwd('.htpw-longpw', [{ raw: `ann:{HASH:md5:${'p'.repeat(200)}}` }, { raw: 'ben:{HASH:md5:benpw}' }]),
      file(
        '.htgroups',
        [
          'first: ann ben',
          `huge: ${Array.from({ length: 1400 }, (_, i) => `u${i}`).join(' ')}`,
          'after: ann ben',
          '',
        ].join('\n'),
      ),
      htaccess('u', 'AuthType Basic', 'AuthName "L"', 'AuthUserFile {CASE}/.htpw', 'Require valid-user'),
      file('u/f.txt'),
      htaccess('pw', 'AuthType Basic', 'AuthName "L"', 'AuthUserFile {CASE}/.htpw-longpw', 'Require valid-user'),
      file('pw/f.txt'),
      ...['first', 'after', 'huge'].flatMap((g) => [
        htaccess(
          `g-${g}`,
          'AuthType Basic',
          'AuthName "L"',
          'AuthUserFile {CASE}/.htpw',
          'AuthGroupFile {CASE}/.htgroups',
          `Require group ${g}`,
        ),
        file(`g-${g}/f.txt`),
      ]),
    ],
    requests: [
      req('@/u/f.txt', { as: 'ann:annpw' }),
      req('@/u/f.txt', { as: 'ben:benpw' }),
      req('@/pw/f.txt', { as: `ann:${'p'.repeat(200)}` }),
      req('@/pw/f.txt', { as: 'ben:benpw' }),
      req('@/g-first/f.txt', { as: 'ann:annpw' }),
      req('@/g-after/f.txt', { as: 'ann:annpw' }),
      req('@/g-huge/f.txt', { as: 'ann:annpw' }),
    ],
  },
  {
    name: 'p2 bad escapes next to ErrorDocument 400 and 404',
    area: 'input',
    tree: [
      htaccess(
        '',
        'ErrorDocument 400 {URL}/e/400.html',
        'ErrorDocument 404 {URL}/e/404.html',
        'ErrorDocument 403 {URL}/e/403.html',
      ),
      ...errorPages('e', [400, 403, 404]),
      file('d/f.txt'),
    ],
    requests: [
      req('@/d/%zz'),
      req('@/d/%'),
      req('@/d%2Ff.txt'),
      req('@/d/f.txt%00'),
      req('@/d/%2e%2e/d/f.txt'),
      req('@/d/f.txt?%zz'),
      req('@/d/..%2f..%2fx'),
      req('@/d/%c0%af'),
      req('@/d/f.txt/'),
      req('@/d/f.txt/x'),
    ],
  },
  {
    name: 'p2 malformed and unusual address forms',
    area: 'ip',
    tree: odd.flatMap(([d, lines]) => [htaccess(d, ...lines), file(`${d}/f.txt`)]),
    requests: odd.flatMap(([d]) => ['127.0.0.1', '127.0.0.2'].map((from) => req(`@/${d}/f.txt`, { from }))),
  },
];
