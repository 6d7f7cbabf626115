// Second-round probes: undecodable names under protected and denied folders (which guard answers
// first), error documents reached through path info, symlinks and -Indexes folders.

import { AUTH, errorPages, file, htaccess, link, req } from '../dsl.js';
import type { Case } from '../types.js';

const BAD = ['%ff', 'a%80b.txt'];

export const PROBE2_LATE_CASES: Case[] = [
  {
    name: 'p2 undecodable names under guarded folders',
    area: 'input',
    tree: [
      htaccess('prot', AUTH, 'Require valid-user'),
      file('prot/f.txt'),
      htaccess('den', 'Require all denied'),
      file('den/f.txt'),
      htaccess('gone', 'Redirect gone {URL}/gone/old', 'Redirect 301 {URL}/gone/mv {URL}/prot'),
      htaccess('legacy', 'Order deny,allow', 'Deny from all'),
      htaccess('broken', 'NoSuchDirective'),
      htaccess('files', '<FilesMatch ".">', 'Require all denied', '</FilesMatch>'),
    ],
    requests: [
      ...['prot', 'den', 'legacy', 'broken', 'files'].flatMap((d) => BAD.map((b) => req(`@/${d}/${b}`))),
      req('@/prot/%ff', { as: 'bob' }),
      req('@/gone/old/%ff'),
      req('@/gone/mv/%ff'),
      req('@/gone/mv%ff'),
    ],
  },
  {
    name: 'p2 error documents behind path info, symlinks and -Indexes',
    area: 'errordoc',
    tree: [
      htaccess('pi', 'ErrorDocument 404 {URL}/pages/404.html/extra'),
      htaccess('pi2', 'ErrorDocument 404 {URL}/pages/404.html?x#frag'),
      htaccess('noidxfile', 'ErrorDocument 404 {URL}/noidx/404.html'),
      htaccess('noidx', 'Options -Indexes'),
      ...errorPages('noidx', [404], 'NOIDX'),
      htaccess('lnk', 'ErrorDocument 404 {URL}/linked/404.html'),
      link('linked', 'pages'),
      htaccess('lnkout', 'ErrorDocument 404 {URL}/out/secret.txt'),
      link('out', '{OUTSIDE}'),
      htaccess('idxprot', 'ErrorDocument 404 {URL}/protidx/'),
      htaccess('protidx', '<Files index.html>', AUTH, 'Require valid-user', '</Files>'),
      file('protidx/index.html', 'protected index PIDX-MARKER\n'),
      htaccess('nested', 'ErrorDocument 404 {URL}/nested/inner/missing.html'),
      htaccess('nested/inner', 'ErrorDocument 404 {URL}/pages/404.html'),
      ...errorPages('pages', [404]),
    ],
    requests: [
      req('@/pi/missing'),
      req('@/pi2/missing'),
      req('@/noidxfile/missing'),
      req('@/lnk/missing'),
      req('@/lnkout/missing'),
      req('@/idxprot/missing'),
      req('@/idxprot/missing', { as: 'bob' }),
      req('@/nested/missing'),
      req('@/nested/inner/missing'),
    ],
  },
];
