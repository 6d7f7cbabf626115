// Fourth-round probes: every method against the newer answer kinds (DirectoryIndexRedirect,
// FallbackResource, Redirect inside <If>, Redirect gone, listings with a protected index).

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

const METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'DELETE'];

export const PROBE4_VERBS_CASES: Case[] = [
  {
    name: 'p4 methods against redirects fallbacks and listings',
    area: 'methods',
    tree: [
      htaccess('dr', 'DirectoryIndexRedirect on'),
      file('dr/index.html'),
      htaccess('fb', 'FallbackResource {URL}/fb/f.html'),
      file('fb/f.html', 'FB-MARKER\n'),
      htaccess(
        'rif',
        '<If "%{REQUEST_METHOD} != \'GET\'">',
        '  Redirect 307 {URL}/rif/a.txt {URL}/rif/b.txt',
        '</If>',
        'Redirect gone {URL}/rif/old',
      ),
      file('rif/a.txt'),
      file('rif/b.txt'),
      htaccess('li', 'Options +Indexes', '<Files index.html>', AUTH, '  Require valid-user', '</Files>'),
      file('li/index.html'),
      file('li/other.txt'),
    ],
    requests: [
      ...METHODS.map((m) => req(`${m} @/dr/?q=1`)),
      ...METHODS.map((m) => req(`${m} @/fb/missing`)),
      ...METHODS.map((m) => req(`${m} @/rif/a.txt`)),
      ...METHODS.map((m) => req(`${m} @/rif/old`)),
      ...METHODS.map((m) => req(`${m} @/li/`)),
      req('@/li/', { as: 'bob' }),
    ],
  },
];
