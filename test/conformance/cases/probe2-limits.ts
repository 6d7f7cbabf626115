// Second-round probes: <Limit>/<LimitExcept> method lists against HEAD, OPTIONS and directories,
// AuthType None under a realm with <Files>, Satisfy Any with <Limit>.

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

const dirs: Array<[string, string[]]> = [
  ['limget', [AUTH, '<Limit GET>', 'Require valid-user', '</Limit>']],
  ['limhead', [AUTH, '<Limit HEAD>', 'Require valid-user', '</Limit>']],
  ['limopt', ['<Limit OPTIONS>', 'Require all denied', '</Limit>']],
  ['exget', [AUTH, '<LimitExcept GET>', 'Require valid-user', '</LimitExcept>']],
  ['exopt', ['<LimitExcept OPTIONS>', 'Require all denied', '</LimitExcept>']],
  ['legacyget', ['<Limit GET>', 'Order deny,allow', 'Deny from all', '</Limit>']],
  [
    'satlim',
    [
      AUTH,
      'Require valid-user',
      'Order deny,allow',
      'Deny from all',
      '<Limit GET>',
      'Allow from 127.0.0.2',
      '</Limit>',
      'Satisfy Any',
    ],
  ],
  ['nonefiles', [AUTH, 'Require valid-user', '<Files "pub.txt">', 'AuthType None', 'Require all granted', '</Files>']],
  ['nonefiles2', [AUTH, 'Require valid-user', '<Files "pub.txt">', 'AuthType None', '</Files>']],
];

export const PROBE2_LIMITS_CASES: Case[] = [
  {
    name: 'p2 Limit method lists against HEAD, OPTIONS and directories',
    area: 'authz',
    tree: dirs.flatMap(([d, lines]) => [
      htaccess(d, ...lines),
      file(`${d}/f.txt`),
      file(`${d}/pub.txt`),
      file(`${d}/sub/a.txt`),
    ]),
    requests: dirs.flatMap(([d]) => [
      req(`@/${d}/f.txt`),
      req(`HEAD @/${d}/f.txt`),
      req(`OPTIONS @/${d}/f.txt`),
      req(`@/${d}/sub`),
      req(`@/${d}/sub/`),
      req(`@/${d}/pub.txt`),
      req(`@/${d}/f.txt`, { from: '127.0.0.2' }),
      req(`@/${d}/f.txt`, { as: 'bob' }),
    ]),
  },
];
