// Fourth-round probes: which phase sees what — SetEnvIf, RequestHeader and <If> against Require,
// Range and conditionals, at one level and across two.

import { file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const PROBE4_ORDER_CASES: Case[] = [
  {
    name: 'p4 SetEnvIf and RequestHeader seen by If and Require',
    area: 'authz',
    tree: [
      htaccess('a', 'SetEnvIf X-A ^1$ flag', '<If "-n reqenv(\'flag\')">', '  Require all denied', '</If>'),
      file('a/x.txt'),
      htaccess('b', 'RequestHeader set X-B on', '<If "%{HTTP:X-B} == \'on\'">', '  Require all denied', '</If>'),
      file('b/x.txt'),
      htaccess('c', 'SetEnvIf X-C ^1$ flag'),
      htaccess('c/d', '<If "-n reqenv(\'flag\')">', '  Require all denied', '</If>', 'Require env flag'),
      file('c/d/x.txt'),
      htaccess(
        'e',
        '<If "%{QUERY_STRING} == \'r\'">',
        '  RequestHeader set Range bytes=0-1',
        '</If>',
        '<Else>',
        '  RequestHeader unset If-None-Match',
        '</Else>',
      ),
      file('e/x.txt', '0123456789 FILE-MARKER\n'),
      htaccess('f', 'SetEnvIfNoCase Request_URI "\\.TXT$" txt', 'Require env txt'),
      file('f/x.txt'),
      file('f/x.html'),
      htaccess(
        'g',
        'SetEnvIf Request_Method ^HEAD$ head',
        '<RequireAll>',
        '  Require all granted',
        '  Require not env head',
        '</RequireAll>',
      ),
      file('g/x.txt'),
    ],
    requests: [
      req('@/a/x.txt'),
      req('@/a/x.txt', { headers: [['X-A', '1']] }),
      req('@/b/x.txt'),
      req('@/c/d/x.txt'),
      req('@/c/d/x.txt', { headers: [['X-C', '1']] }),
      req('@/e/x.txt?r'),
      req('@/e/x.txt', { headers: [['If-None-Match', '*']] }),
      req('@/e/x.txt?r', { headers: [['If-None-Match', '*']] }),
      req('@/f/x.txt'),
      req('@/f/x.html'),
      req('@/g/x.txt'),
      req('HEAD @/g/x.txt'),
      req('OPTIONS @/g/x.txt'),
    ],
  },
];
