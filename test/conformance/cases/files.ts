// docs/apache-behaviour.md §3.4 <Files> / <FilesMatch>: wildcards, regexes, order, merging after directories, directory
// requests and DirectoryIndex, nonexistent names.

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const FILES_CASES: Case[] = [
  {
    name: 'Files denies one name, recursively',
    area: 'files',
    tree: [
      htaccess('', '<Files secret.txt>', 'Require all denied', '</Files>'),
      file('secret.txt'),
      file('other.txt'),
      file('sub/secret.txt'),
    ],
    requests: [
      req('@/secret.txt', { expect: 403 }),
      req('@/other.txt', { expect: 200 }),
      req('@/sub/secret.txt', { expect: 403 }),
      req('@/missing.txt', { expect: 404 }),
    ],
  },
  {
    name: 'parent Files beats child Require',
    area: 'files',
    tree: [
      htaccess('', '<Files secret.txt>', 'Require all denied', '</Files>'),
      htaccess('child', 'Require all granted'),
      htaccess('override', '<Files secret.txt>', 'Require all granted', '</Files>'),
      file('child/secret.txt'),
      file('override/secret.txt'),
    ],
    requests: [
      req('@/child/secret.txt', { expect: 403 }),
      req('@/override/secret.txt', { expect: 200, note: 'child <Files> beats parent <Files>' }),
    ],
  },
  {
    name: 'later Files section wins',
    area: 'files',
    tree: [
      htaccess(
        'grant-last',
        '<Files *.txt>',
        'Require all denied',
        '</Files>',
        '<Files a.txt>',
        'Require all granted',
        '</Files>',
      ),
      htaccess(
        'deny-last',
        '<Files a.txt>',
        'Require all granted',
        '</Files>',
        '<Files *.txt>',
        'Require all denied',
        '</Files>',
      ),
      file('grant-last/a.txt'),
      file('grant-last/b.txt'),
      file('deny-last/a.txt'),
    ],
    requests: [
      req('@/grant-last/a.txt', { expect: 200 }),
      req('@/grant-last/b.txt', { expect: 403 }),
      req('@/deny-last/a.txt', { expect: 403 }),
    ],
  },
  {
    name: 'Files wildcards ? and [ ] and case sensitivity',
    area: 'files',
    tree: [
      htaccess(
        '',
        '<Files "?.txt">',
        'Require all denied',
        '</Files>',
        '<Files "[xy]z.dat">',
        'Require all denied',
        '</Files>',
        '<Files Upper.txt>',
        'Require all denied',
        '</Files>',
      ),
      file('a.txt'),
      file('ab.txt'),
      file('xz.dat'),
      file('qz.dat'),
      file('upper.txt'),
    ],
    requests: [
      req('@/a.txt', { expect: 403 }),
      req('@/ab.txt', { expect: 200 }),
      req('@/xz.dat', { expect: 403 }),
      req('@/qz.dat', { expect: 200 }),
      req('@/upper.txt', { expect: 200, note: 'case-sensitive match' }),
    ],
  },
  {
    name: 'Files does not match a directory request',
    area: 'files',
    tree: [htaccess('', '<Files "lst">', 'Require all denied', '</Files>'), file('lst/one.txt')],
    requests: [req('@/lst/', { expect: 200 })],
  },
  {
    name: 'Files index.html applies to the directory URL',
    area: 'files',
    tree: [
      htaccess('', '<Files index.html>', 'Require all denied', '</Files>'),
      file('idx/index.html', '<p>INDEX-MARKER</p>\n'),
      file('noidx/x.txt'),
    ],
    requests: [
      req('@/idx/', { expect: 403 }),
      req('@/idx/index.html', { expect: 403 }),
      req('@/noidx/', { expect: 403, note: 'a denied index candidate suppresses the listing' }),
    ],
  },
  {
    name: 'Files ~ regex and FilesMatch',
    area: 'files',
    tree: [
      htaccess(
        '',
        '<Files ~ "\\.bak$">',
        'Require all denied',
        '</Files>',
        '<FilesMatch "\\.(ini|log)$">',
        'Require all denied',
        '</FilesMatch>',
        '<FilesMatch "(?i)\\.SQL$">',
        'Require all denied',
        '</FilesMatch>',
        '<FilesMatch "private">',
        'Require all denied',
        '</FilesMatch>',
      ),
      file('x.bak'),
      file('x.bak.txt'),
      file('conf.ini'),
      file('app.log'),
      file('readme.txt'),
      file('dump.sql'),
      file('my-private-notes.txt'),
    ],
    requests: [
      req('@/x.bak', { expect: 403 }),
      req('@/x.bak.txt', { expect: 200 }),
      req('@/conf.ini', { expect: 403 }),
      req('@/app.log', { expect: 403 }),
      req('@/readme.txt', { expect: 200 }),
      req('@/dump.sql', { expect: 403, note: '(?i) flag' }),
      req('@/my-private-notes.txt', { expect: 403, note: 'unanchored regex' }),
    ],
  },
  {
    name: 'Files protecting one file with a password',
    area: 'files',
    tree: [
      htaccess('', '<Files private.html>', AUTH, 'Require valid-user', '</Files>'),
      file('private.html'),
      file('public.html'),
    ],
    requests: [
      req('@/private.html', { expect: 401 }),
      req('@/private.html', { as: 'bob', expect: 200 }),
      req('@/public.html', { expect: 200 }),
    ],
  },
  {
    name: 'Files check happens before existence',
    area: 'files',
    tree: [htaccess('', '<Files missing.txt>', 'Require all denied', '</Files>'), file('f.txt')],
    requests: [req('@/missing.txt', { expect: 403 }), req('@/other-missing.txt', { expect: 404 })],
  },
  {
    name: 'FilesMatch grants inside a denied directory',
    area: 'files',
    tree: [
      htaccess('', 'Require all denied', '<FilesMatch "\\.(css|js)$">', 'Require all granted', '</FilesMatch>'),
      file('site.css', 'body{} FILE-MARKER\n'),
      file('page.html'),
    ],
    requests: [req('@/site.css', { expect: 200 }), req('@/page.html', { expect: 403 }), req('@/', { expect: 403 })],
  },
];
