// docs/apache-behaviour.md §11 Directories: trailing-slash redirect, DirectoryIndex, Indexes, listing contents.

import { AUTH, file, htaccess, link, req } from '../dsl.js';
import type { Case } from '../types.js';

const index = (dir: string, tag = 'INDEX'): ReturnType<typeof file> =>
  file(`${dir}/index.html`, `<p>${tag}-MARKER</p>\n`);

export const DIRS_CASES: Case[] = [
  {
    name: 'trailing slash redirect',
    area: 'dirs',
    tree: [index('idx'), file('sp ace/index.html'), file('ü/index.html'), file('pct%41/index.html')],
    requests: [
      req('@/idx/', { expect: 200 }),
      req('@/idx', { expect: 301 }),
      req('HEAD @/idx', { expect: 301 }),
      req('@/idx?a=1&b=2', { expect: 301, note: 'query string preserved' }),
      req('@/sp%20ace', { expect: 301 }),
      req('@/%C3%BC', { expect: 301, note: 'Location re-escaped with lower-case hex' }),
      req('@/pct%2541', { expect: 301 }),
      req('@/idx', { version: '1.0', expect: 301, note: 'HTTP/1.0 without Host' }),
      req('@', { expect: 301, note: 'the case directory itself' }),
    ],
  },
  {
    name: 'slash redirect comes after access control',
    area: 'dirs',
    tree: [
      htaccess('prot', AUTH, 'Require valid-user'),
      index('prot'),
      htaccess('den', 'Require all denied'),
      index('den'),
    ],
    requests: [
      req('@/prot', { expect: 401 }),
      req('@/prot', { as: 'bob', expect: 301 }),
      req('@/prot/', { as: 'bob', expect: 200 }),
      req('@/den', { expect: 403 }),
    ],
  },
  {
    name: 'DirectoryIndex order and accumulation',
    area: 'dirs',
    tree: [
      htaccess('order', 'DirectoryIndex home.htm index.html'),
      file('order/home.htm', '<p>HOME-MARKER</p>\n'),
      index('order'),
      htaccess('second', 'DirectoryIndex missing.html index.html'),
      index('second', 'SECOND'),
      htaccess('accum', 'DirectoryIndex a.html', 'DirectoryIndex b.html'),
      file('accum/b.html', '<p>B-MARKER</p>\n'),
      htaccess('abs', 'DirectoryIndex {URL}/shared/page.html'),
      file('abs/x.txt'),
      file('shared/page.html', '<p>SHARED-MARKER</p>\n'),
    ],
    requests: [
      req('@/order/', { expect: 200 }),
      req('@/second/', { expect: 200 }),
      req('@/accum/', { expect: 200 }),
      req('@/abs/', { expect: 200 }),
    ],
  },
  {
    name: 'child DirectoryIndex replaces the parent list',
    area: 'dirs',
    tree: [
      htaccess('', 'DirectoryIndex start.html'),
      file('start.html', 'START-MARKER\n'),
      htaccess('child', 'DirectoryIndex other.html'),
      file('child/start.html'),
      file('child/other.html', 'OTHER-MARKER\n'),
      file('plain/start.html', 'PLAIN-MARKER\n'),
    ],
    requests: [req('@/', { expect: 200 }), req('@/child/', { expect: 200 }), req('@/plain/', { expect: 200 })],
  },
  {
    name: 'DirectoryIndex disabled lists even with index.html',
    area: 'dirs',
    tree: [htaccess('', 'DirectoryIndex disabled'), index(''), file('b.txt')],
    requests: [req('@/', { expect: 200 })],
  },
  {
    name: 'Options -Indexes and +Indexes',
    area: 'dirs',
    tree: [
      htaccess('', 'Options -Indexes'),
      file('a.txt'),
      htaccess('open', 'Options +Indexes'),
      file('open/b.txt'),
      file('open/deeper/c.txt'),
      index('withindex'),
    ],
    requests: [
      req('@/', { expect: 403 }),
      req('@/a.txt', { expect: 200 }),
      req('@/open/', { expect: 200 }),
      req('@/open/deeper/', { expect: 200 }),
      req('@/withindex/', { expect: 200 }),
      req('HEAD @/', { expect: 403 }),
    ],
  },
  {
    name: 'DirectorySlash Off',
    area: 'dirs',
    tree: [htaccess('', 'DirectorySlash Off'), file('sub/a.txt')],
    requests: [req('@/sub', { expect: 200 }), req('@/sub/', { expect: 200 })],
  },
  {
    name: 'listing contents: order, escaping, hidden entries',
    area: 'dirs',
    tree: [
      htaccess('', '<Files denied.txt>', 'Require all denied', '</Files>'),
      file('B.txt'),
      file('a.txt'),
      file('.hidden'),
      file('README'),
      file('backup~'),
      file('sp ace.txt'),
      file('%41.txt'),
      file('ü.txt'),
      file('amp&.txt'),
      file('denied.txt'),
      file('unreadable.txt', 'x\n', { mode: 0o600 }),
      htaccess('prot', AUTH, 'Require valid-user'),
      file('prot/x.txt'),
      htaccess('broken', 'Bogus'),
      file('broken/x.txt'),
      file('Zdir/x.txt'),
      link('dangling', 'no-such-target'),
      link('good-link.txt', 'a.txt'),
    ],
    requests: [
      req('@/', { expect: 200 }),
      req('@/', { as: 'bob', expect: 200, note: 'protected subdirectory listed for a user who passes' }),
      req('@/?C=N;O=D', { expect: 200 }),
      req('@/?C=M&O=A', { expect: 200 }),
    ],
  },
  {
    name: 'POST and OPTIONS on directories',
    area: 'dirs',
    tree: [file('lst/a.txt'), htaccess('noidx', 'Options -Indexes'), file('noidx/a.txt'), index('idx')],
    requests: [
      req('POST @/lst/', { expect: 404 }),
      req('POST @/noidx/', { expect: 404 }),
      req('OPTIONS @/lst/', { expect: 200 }),
      req('POST @/lst', { expect: 301 }),
      req('HEAD @/lst/', { expect: 200 }),
    ],
  },
  {
    name: 'a directory named index.html',
    area: 'dirs',
    tree: [file('d/index.html/x.txt'), file('d/other.txt')],
    requests: [req('@/d/', { expect: 301, note: 'Apache quirk (docs/apache-behaviour.md §11.2); htserve copies it' })],
  },
  {
    name: 'index candidate denied, later candidate served',
    area: 'dirs',
    tree: [
      htaccess('', 'DirectoryIndex index.html index.htm', '<Files index.html>', 'Require all denied', '</Files>'),
      index(''),
      file('index.htm', '<p>HTM-MARKER</p>\n'),
    ],
    requests: [req('@/', { expect: 200 })],
  },
  {
    name: 'index candidate needing auth',
    area: 'dirs',
    tree: [htaccess('', '<Files index.html>', AUTH, 'Require valid-user', '</Files>'), index(''), file('x.txt')],
    requests: [req('@/', { expect: 401 }), req('@/', { as: 'bob', expect: 200 })],
  },
];
