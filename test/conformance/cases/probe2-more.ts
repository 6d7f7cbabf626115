// Second-round probes: early-rejected escapes next to ErrorDocument, Range and conditionals on
// error documents, media types set in sections and children, environment set in a parent and
// negated in a child.

import { AUTH, errorPages, file, htaccess, link, req } from '../dsl.js';
import type { Case } from '../types.js';

export const PROBE2_MORE_CASES: Case[] = [
  {
    name: 'p2 odd escapes and the ErrorDocument they get',
    area: 'input',
    tree: [
      htaccess('', 'ErrorDocument 404 {URL}/e/404.html', 'ErrorDocument 403 {URL}/e/403.html', 'ErrorDocument 400 {URL}/e/400.html'),
      ...errorPages('e', [400, 403, 404]),
      file('d/f.txt'),
      file('d/é.txt'),
    ],
    requests: [
      req('@/d/%ff'),
      req('@/d/%c0%ae%c0%ae/f.txt'),
      req('@/d/%C3%A9.txt'),
      req('@/d/%e9.txt'),
      req('@/d/%c3'),
      req('@/d/%ed%a0%80'),
      req('@/d/%f0%9f%98%80'),
      req('@/d/%7ef.txt'),
      req('@/d/f%2etxt'),
      req('@/d/%2e'),
      req('@/d/%2e%2e'),
      req('@/d/.%2e/d/f.txt'),
      req('@/d/%5c..%5cf.txt'),
      req('@/d/f.txt%20'),
      req('@/d/f.txt;x=1'),
    ],
  },
  {
    name: 'p2 Range and conditionals on error documents',
    area: 'errordoc',
    tree: [
      htaccess('', 'ErrorDocument 404 {URL}/e/404.html', 'ErrorDocument 403 {URL}/e/403.html', 'ErrorDocument 401 {URL}/e/401.html', 'Redirect gone {URL}/gone'),
      ...errorPages('e', [401, 403, 404]),
      htaccess('den', 'Require all denied'),
      file('den/f.txt'),
      htaccess('prot', AUTH, 'Require valid-user'),
      file('prot/f.txt'),
    ],
    requests: [
      ...['missing', 'den/f.txt', 'prot/f.txt'].flatMap((p) => [
        req(`@/${p}`, { headers: [['Range', 'bytes=0-3']] }),
        req(`@/${p}`, { headers: [['Range', 'bytes=9999-']] }),
        req(`@/${p}`, { headers: [['If-None-Match', '*']] }),
        req(`@/${p}`, { headers: [['If-Match', '"x"']] }),
        req(`@/${p}`, { headers: [['If-Modified-Since', 'Sun, 06 Nov 2094 08:49:37 GMT']] }),
        req(`HEAD @/${p}`, { headers: [['Range', 'bytes=0-3']] }),
      ]),
      req('@/e/404.html', { headers: [['Range', 'bytes=0-3']] }),
      req('@/e/404.html', { headers: [['Range', 'bytes=0-3,5-6']] }),
    ],
  },
  {
    name: 'p2 media types set in sections and children',
    area: 'files',
    tree: [
      htaccess('', 'AddType text/x-par .dat', '<Files "special.dat">', 'AddType text/x-files .dat', '</Files>', '<FilesMatch "^idx">', 'ForceType text/x-idx', '</FilesMatch>'),
      file('a.dat'),
      file('special.dat'),
      htaccess('child', 'AddType text/x-child dat'),
      file('child/a.dat'),
      htaccess('none', 'RemoveType dat'),
      file('none/a.dat'),
      htaccess('forced', 'ForceType text/x-forced'),
      file('forced/a.dat'),
      htaccess('forced/off', 'ForceType None'),
      file('forced/off/a.dat'),
      file('forced/off/a.html'),
      htaccess('di', 'DirectoryIndex idx.html'),
      file('di/idx.html'),
      file('a.html.dat'),
      file('a.dat.html'),
      file('a.DAT'),
    ],
    requests: ['a.dat', 'special.dat', 'child/a.dat', 'none/a.dat', 'forced/a.dat', 'forced/', 'forced/off/a.dat', 'forced/off/a.html', 'di/', 'di/idx.html', 'a.html.dat', 'a.dat.html', 'a.DAT'].map((p) => req(`@/${p}`)),
  },
  {
    name: 'p2 environment set in a parent, negated or reset in a child',
    area: 'legacy',
    tree: [
      htaccess('', 'SetEnvIf Remote_Addr "^127\\.0\\.0\\.[12]$" OK', 'BrowserMatch "^Bad" BAD'),
      htaccess('neg', 'SetEnvIf User-Agent "^Bad" !OK', 'Require env OK'),
      htaccess('order', 'Order deny,allow', 'Deny from env=BAD', 'Allow from env=OK'),
      htaccess('order2', 'Order allow,deny', 'Allow from env=OK', 'Deny from env=BAD'),
      htaccess('unset', 'UnsetEnv OK', 'Require env OK'),
      htaccess('req', '<RequireAll>', 'Require env OK', 'Require not env BAD', '</RequireAll>'),
      ...['neg', 'order', 'order2', 'unset', 'req'].map((d) => file(`${d}/f.txt`)),
      link('lnk', 'req'),
    ],
    requests: ['neg', 'order', 'order2', 'unset', 'req', 'lnk'].flatMap((d) => [
      req(`@/${d}/f.txt`),
      req(`@/${d}/f.txt`, { headers: [['User-Agent', 'Badbot']] }),
      req(`@/${d}/f.txt`, { from: '127.0.0.9' }),
      req(`@/${d}/f.txt`, { from: '127.0.0.9', headers: [['User-Agent', 'Badbot']] }),
    ]),
  },
];
