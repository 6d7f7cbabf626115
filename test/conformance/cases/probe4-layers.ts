// Fourth-round probes: <If>/<Else> and <Files> across parent and child access files with
// AuthMerging and Satisfy; listing sort keys and inserts behind <If>.

import { AUTH, asUsers, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const PROBE4_LAYERS_CASES: Case[] = [
  {
    name: 'p4 If and Files across levels with AuthMerging',
    area: 'merge',
    tree: [
      htaccess('', AUTH, '<If "%{QUERY_STRING} =~ /admin/">', '  Require group admins', '</If>', '<Else>', '  Require valid-user', '</Else>'),
      file('a.txt'),
      htaccess('c', 'AuthMerging And', '<Files "*.txt">', '  Require group staff', '</Files>'),
      file('c/a.txt'), file('c/a.html'),
      htaccess('c/d', '<If "%{HTTP:X-Open} == \'1\'">', '  AuthMerging Or', '  Require all granted', '</If>'),
      file('c/d/a.txt'),
      htaccess('s', 'Satisfy any', 'Order deny,allow', 'Deny from all', '<If "%{HTTP:X-Local} == \'1\'">', '  Allow from 127.0.0.1', '</If>'),
      file('s/a.txt'),
    ],
    requests: [
      ...asUsers('@/a.txt', ['anon', 'sam', 'bob'], [401, 200, 200]),
      ...asUsers('@/a.txt?admin', ['anon', 'sam', 'bob'], [401, 403, 200]),
      ...asUsers('@/c/a.txt', ['anon', 'sam', 'bob', 'carl']),
      ...asUsers('@/c/a.txt?admin', ['sam', 'bob', 'alice']),
      ...asUsers('@/c/a.html', ['sam', 'bob']),
      ...asUsers('@/c/d/a.txt', ['anon', 'sam', 'bob']),
      req('@/c/d/a.txt', { headers: [['X-Open', '1']] }),
      req('@/c/d/a.txt?admin', { headers: [['X-Open', '1']] }),
      ...asUsers('@/s/a.txt', ['anon', 'sam']),
      req('@/s/a.txt', { headers: [['X-Local', '1']] }),
    ],
  },
  {
    name: 'p4 listing sort keys and inserts behind If',
    area: 'dirs',
    tree: [
      htaccess('', 'Options +Indexes', 'IndexOptions FancyIndexing FoldersFirst', 'IndexOrderDefault Descending Size', 'HeaderName HDR.html',
        '<If "%{QUERY_STRING} =~ /hide/">', '  <Files "HDR.html">', '    Require all denied', '  </Files>', '</If>'),
      file('HDR.html', '<b>HDR-MARKER</b>\n'),
      file('small.txt', 'x'),
      file('mid.txt', 'x'.repeat(500)),
      file('big.txt', 'x'.repeat(5000)),
      file('d1/x'),
      htaccess('desc', 'IndexOptions FancyIndexing', 'AddDescription "Zed file" z.txt', 'AddDescription "Alpha file" y.txt', 'IndexOrderDefault Ascending Description'),
      file('desc/y.txt'), file('desc/z.txt'), file('desc/a.txt'),
      htaccess('rd', 'ReadmeName sub', 'HeaderName /'),
      file('rd/sub/index.html', 'SUBIDX-MARKER\n'),
    ],
    requests: [
      req('@/', { expect: 200 }),
      req('@/?hide', { expect: 200 }),
      req('@/?C=S;O=A', { expect: 200 }),
      req('@/?C=M;O=D&hide', { expect: 200 }),
      req('@/desc/', { expect: 200 }),
      req('@/desc/?C=D;O=D', { expect: 200 }),
      req('@/rd/', { expect: 200 }),
    ],
  },
];
