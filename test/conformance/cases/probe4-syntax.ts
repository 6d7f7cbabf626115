// Fourth-round probes: odd but valid access-file syntax (continuations inside quotes, tabs, CRLF,
// mixed-case directives and containers, spaces in <Files> names, text after a section header).

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const PROBE4_SYNTAX_CASES: Case[] = [
  {
    name: 'p4 continuation inside a quoted ErrorDocument',
    area: 'syntax',
    tree: [
      htaccess('a', 'ErrorDocument 404 "CONTA-MARKER \\', '  CONTB-MARKER"'),
      htaccess('b', 'ErrorDocument 403 "Q1-MARKER\\', 'Q2-MARKER', 'Require all denied'),
      file('b/x.txt'),
      htaccess('c', 'Require \\', '\tall \\', '  denied'),
      file('c/x.txt'),
    ],
    requests: [
      req('@/a/nope', { expect: 404 }),
      req('@/b/x.txt', { expect: 403 }),
      req('@/c/x.txt', { expect: 403 }),
    ],
  },
  {
    name: 'p4 tabs CRLF and mixed case containers',
    area: 'syntax',
    tree: [
      htaccess('crlf', '<fILES\t"*.log">\r', '\trEQUIRE\tall\tdenied\r', '</files>\r', 'errorDOCUMENT 403 "CRLF-403-MARKER\r'),
      file('crlf/a.log'),
      file('crlf/a.txt'),
      htaccess('ifm', '<ifmodule MOD_AUTHZ_CORE.C>', '  <FILESMATCH "\\.bak$">', '    Require all denied', '  </FILESMATCH>', '</IFMODULE>'),
      file('ifm/a.bak'),
      htaccess('ifx', '<iF "%{QUERY_STRING} == \'x\'">', '  require all denied', '</IF>', '<ELSE>', '  Require all granted', '</else>'),
      file('ifx/a.txt'),
      htaccess('auth', AUTH, 'authmerging off', 'REQUIRE USER bob'),
      file('auth/a.txt'),
    ],
    requests: [
      req('@/crlf/a.log', { expect: 403 }),
      req('@/crlf/a.txt', { expect: 200 }),
      req('@/ifm/a.bak', { expect: 200, note: 'IfModule names are case-sensitive' }),
      req('@/ifx/a.txt', { expect: 200 }),
      req('@/ifx/a.txt?x', { expect: 403 }),
      req('@/auth/a.txt', { as: 'bob', expect: 500, note: 'provider names are case-sensitive' }),
    ],
  },
  {
    name: 'p4 Files names with spaces quoted and escaped',
    area: 'files',
    tree: [
      htaccess('q', '<Files "a b.txt">', '  Require all denied', '</Files>'),
      file('q/a b.txt'),
      file('q/a.txt'),
      htaccess('e', '<Files a\\ b.txt>', '  Require all denied', '</Files>'),
      file('e/a b.txt'),
      htaccess('s', "<Files 'c d.txt'>", '  Require all denied', '</Files>'),
      file('s/c d.txt'),
      htaccess('u', '<Files c d.txt>', '  Require all denied', '</Files>'),
      file('u/c d.txt'),
      file('u/c'),
    ],
    requests: [
      req('@/q/a%20b.txt', { expect: 403 }),
      req('@/q/a.txt', { expect: 200 }),
      req('@/e/a%20b.txt', {}),
      req('@/s/c%20d.txt', { expect: 403 }),
      req('@/u/c%20d.txt', {}),
      req('@/u/c', {}),
    ],
  },
  {
    name: 'p4 text after a section header',
    area: 'syntax',
    tree: [
      htaccess('a', '<Files "x.txt"> # lock it', '  Require all denied', '</Files>'),
      file('a/x.txt'),
      htaccess('b', '<Files "x.txt"># lock', '  Require all denied', '</Files> # end'),
      file('b/x.txt'),
      htaccess('c', '<If "true">  # c', '  Require all denied', '</If>'),
      file('c/x.txt'),
      htaccess('d', '<Files x.txt >', '  Require all denied', '</Files >'),
      file('d/x.txt'),
      htaccess('e', '  <Files x.txt>', '# inner comment', '\t# tabbed comment', '  Require all denied', '  </Files>'),
      file('e/x.txt'),
    ],
    requests: [
      req('@/a/x.txt', {}),
      req('@/b/x.txt', {}),
      req('@/c/x.txt', {}),
      req('@/d/x.txt', {}),
      req('@/e/x.txt', { expect: 403 }),
    ],
  },
];
