// Fourth-round probes: FallbackResource meeting protection, methods, queries, If and Files;
// type directives inside <If>; directives placed where Apache does not allow them.

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const PROBE4_FALLBACK_CASES: Case[] = [
  {
    name: 'p4 FallbackResource with protection methods and queries',
    area: 'dirs',
    tree: [
      htaccess('', 'FallbackResource {URL}/front.html'),
      file('front.html', 'FRONT-MARKER\n'),
      htaccess('locked', 'FallbackResource {URL}/locked/app.html', '<Files app.html>', AUTH, '  Require valid-user', '</Files>'),
      file('locked/app.html', 'APP-MARKER\n'),
      htaccess('off', 'FallbackResource disabled'),
      file('off/a.txt'),
      htaccess('cond', '<If "%{QUERY_STRING} == \'api\'">', '  FallbackResource {URL}/cond/api.html', '</If>'),
      file('cond/api.html', 'API-MARKER\n'),
      htaccess('idx', 'Options -Indexes', 'DirectoryIndex none.html'),
      file('idx/sub/a.txt'),
      htaccess('rel', 'FallbackResource rel.html'),
      file('rel/rel.html', 'REL-MARKER\n'),
    ],
    requests: [
      req('@/nope?x=1'), req('HEAD @/nope'), req('OPTIONS @/nope'), req('POST @/nope'),
      req('@/nope', { headers: [['Range', 'bytes=0-2']] }),
      req('@/nope', { headers: [['If-None-Match', '*']] }),
      req('@/locked/nope'), req('@/locked/nope', { as: 'bob' }),
      req('@/off/nope'),
      req('@/cond/nope'), req('@/cond/nope?api'),
      req('@/idx/'), req('@/idx/sub/'),
      req('@/rel/nope'), req('@/rel/deep/nope'),
      req('@/nope.txt'),
      req('@/.htnope'),
    ],
  },
  {
    name: 'p4 type directives inside If and Files',
    area: 'files',
    tree: [
      htaccess('',
        '<If "%{QUERY_STRING} == \'dl\'">', '  ForceType application/octet-stream', '</If>',
        '<Files "*.data">', '  ForceType text/plain', '</Files>',
        '<If "%{HTTP:Accept} =~ /json/">', '  AddType application/json .data', '</If>'),
      file('a.txt'),
      file('b.data'),
    ],
    requests: [
      req('@/a.txt'), req('@/a.txt?dl'), req('@/b.data'), req('@/b.data?dl'),
      req('@/b.data', { headers: [['Accept', 'application/json']] }),
    ],
  },
  {
    name: 'p4 directives where Apache does not allow them',
    area: 'syntax',
    tree: [
      htaccess('of', '<Files a.txt>', '  Options -Indexes', '</Files>'),
      file('of/a.txt'),
      htaccess('fi', '<If "true">', '  FallbackResource {URL}/fi/a.txt', '  DirectoryIndexRedirect on', '</If>'),
      file('fi/a.txt'),
      htaccess('fo', 'FallbackResource {URL}/fo/a.txt', 'DirectoryIndexRedirect on'),
      file('fo/a.txt'),
      file('fo/sub/b.txt'),
      htaccess('lf', '<Limit GET>', '  <Files a.txt>', '    Require all denied', '  </Files>', '</Limit>'),
      file('lf/a.txt'),
      htaccess('el', '<If "false">', '</If>', '<Else "true">', '</Else>'),
      file('el/a.txt'),
      htaccess('ifempty', '<If "">', '</If>'),
      file('ifempty/a.txt'),
      htaccess('unclosed', '<If "true">', '  Require all denied'),
      file('unclosed/a.txt'),
    ],
    requests: [
      req('@/of/a.txt'), req('@/fi/nope'), req('@/fi/'), req('@/fo/'), req('@/fo/?q=1'), req('@/fo/sub/'), req('@/lf/a.txt'),
      req('@/el/a.txt'), req('@/ifempty/a.txt'), req('@/unclosed/a.txt'),
    ],
  },
];
