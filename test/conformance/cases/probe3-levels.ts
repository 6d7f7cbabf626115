// Third-round probes: one site's settings spread over four directory levels, each level adding one
// common tweak (Options, DirectoryIndex, ErrorDocument, AddType/ForceType, Files, Redirect, auth),
// asked at every level with GET/HEAD/OPTIONS, conditionals and Range, as several users.

import { AUTH, asUsers, errorPages, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const PROBE3_LEVELS_CASES: Case[] = [
  {
    name: 'p3 four levels of site tweaks',
    area: 'merge',
    tree: [
      htaccess('', 'Options -Indexes +FollowSymLinks', 'DirectoryIndex index.php index.html', 'ErrorDocument 404 {URL}/errors/404.html', 'ErrorDocument 403 {URL}/errors/403.html', 'AddType application/x-custom .cst'),
      htaccess('l1', 'Options +Indexes', 'IndexIgnore *.bak', 'AddType text/plain .cst'),
      htaccess('l1/l2', 'DirectoryIndex home.html', '<FilesMatch "\\.(log|bak)$">', '  Require all denied', '</FilesMatch>', 'ErrorDocument 404 "L2-NOTFOUND-MARKER'),
      htaccess('l1/l2/l3', AUTH, 'Require group staff', 'Options -Indexes', 'RemoveType .cst', 'Redirect 302 {URL}/l1/l2/l3/old {URL}/l1/l2/l3/new'),
      ...errorPages('errors', [403, 404]),
      file('index.html', 'ROOT-MARKER\n'),
      file('a.cst'),
      file('l1/a.cst'),
      file('l1/x.bak'),
      file('l1/y.txt'),
      file('l1/l2/home.html', 'HOME2-MARKER\n'),
      file('l1/l2/index.html'),
      file('l1/l2/a.log'),
      file('l1/l2/a.cst'),
      file('l1/l2/nohome/a.txt'),
      file('l1/l2/l3/home.html', 'HOME3-MARKER\n'),
      file('l1/l2/l3/a.cst'),
      file('l1/l2/l3/a.log'),
      file('l1/l2/l3/new/index.php', 'NEW-MARKER\n'),
      file('l1/l2/l3/lst/a.txt'),
    ],
    requests: [
      req('@/', { expect: 200 }),
      req('@/a.cst', { expect: 200 }),
      req('@/l1/', { expect: 200 }),
      req('@/l1/a.cst', { expect: 200 }),
      req('@/l1/x.bak', { expect: 200 }),
      req('@/l1/nope', { expect: 404 }),
      req('@/l1/l2/', { expect: 200 }),
      req('@/l1/l2/a.log', { expect: 403 }),
      req('@/l1/l2/a.cst', { expect: 200 }),
      req('@/l1/l2/nohome/', { expect: 200 }),
      req('@/l1/l2/nope', { expect: 404 }),
      req('HEAD @/l1/l2/a.log', { expect: 403 }),
      ...asUsers('@/l1/l2/l3/', ['anon', 'carl', 'sam', 'alice', 'carl:bad'], [401, 200, 200, 403, 401]),
      req('@/l1/l2/l3/a.cst', { as: 'sam', expect: 200 }),
      req('@/l1/l2/l3/a.log', { as: 'sam', expect: 403 }),
      req('@/l1/l2/l3/a.log', { expect: 403 }),
      req('@/l1/l2/l3/lst/', { as: 'sam', expect: 403 }),
      req('@/l1/l2/l3/nope', { as: 'sam', expect: 404 }),
      req('@/l1/l2/l3/nope', { expect: 401 }),
      req('@/l1/l2/l3/old', { expect: 401 }),
      req('@/l1/l2/l3/old', { as: 'carl', expect: 302 }),
      req('@/l1/l2/l3/old/x?y=1', { as: 'carl', expect: 302 }),
      req('@/l1/l2/l3/new/', { as: 'carl', expect: 403, note: 'DirectoryIndex home.html is inherited' }),
      req('@/l1/l2/l3/new', { as: 'carl', expect: 301 }),
      req('OPTIONS @/l1/l2/l3/', { as: 'carl', expect: 200 }),
      req('@/l1/l2/l3/home.html', { as: 'carl', headers: [['Range', 'bytes=0-3']], expect: 206 }),
      req('@/l1/l2/l3/home.html', { as: 'carl', headers: [['If-Unmodified-Since', 'Sat, 01 Jan 2000 00:00:00 GMT']], expect: 412 }),
      req('@/l1/l2/l3/home.html', { as: 'carl', headers: [['Range', 'bytes=99999-']], expect: 416 }),
    ],
  },
  {
    name: 'p3 Files sections for directory requests',
    area: 'files',
    tree: [
      htaccess('noext', '<FilesMatch "^[^.]+$">', '  Require all denied', '</FilesMatch>'),
      file('noext/index.html'),
      file('noext/README'),
      file('noext/sub/index.html'),
      htaccess('anchor', '<FilesMatch "^$">', '  Require all denied', '</FilesMatch>'),
      file('anchor/index.html'),
      htaccess('dotstar', 'Require all denied', '<FilesMatch ".*">', '  Require all granted', '</FilesMatch>'),
      file('dotstar/index.html'),
      file('dotstar/sub/a.txt'),
      htaccess('auth', '<FilesMatch "^(index\\.html)?$">', AUTH, '  Require valid-user', '</FilesMatch>'),
      file('auth/index.html'),
      file('auth/other.html'),
    ],
    requests: [
      req('@/noext/', { expect: 200 }),
      req('@/noext/README', { expect: 403 }),
      req('@/noext/sub/', { expect: 200 }),
      req('@/noext/sub', { expect: 403 }),
      req('@/anchor/', { expect: 403 }),
      req('@/anchor/index.html', { expect: 200 }),
      req('@/dotstar/', { expect: 200 }),
      req('@/dotstar/sub/', { expect: 200 }),
      req('@/auth/', { expect: 401 }),
      req('@/auth/', { as: 'bob', expect: 200 }),
      req('@/auth/other.html', { expect: 200 }),
    ],
  },
];

const OPTION_LINES = [
  'Options +Indexes FollowSymLinks',
  'Options Indexes +FollowSymLinks',
  'Options +All',
  'Options -All',
  'Options +None',
  'Options -Indexes +Includes +IncludesNOEXEC',
  'Options +ExecCGI -MultiViews',
  'Options MultiViews',
  'Options +indexes',
  'Options -Indexes,+FollowSymLinks',
  'Options',
  'Options +FollowSymlinks',
  'Options Indexes\nOptions +FollowSymLinks',
  'Options Indexes\nOptions FollowSymLinks',
  'Options -Indexes\nOptions +Indexes -Indexes +Indexes',
];

/** Apache's answers for [listing, file] under each line above. */
const OPTION_EXPECT: ReadonlyArray<readonly [number, number]> = [
  [500, 500], [500, 500], [500, 500], [500, 500], [500, 500], [403, 200], [200, 200], [403, 200],
  [200, 200], [500, 500], [200, 200], [200, 200], [200, 200], [403, 200], [200, 200],
];

/** Options lines as they appear in copied .htaccess files, parsed under a listing-on parent. */
export const PROBE3_OPTIONS_CASES: Case[] = [
  {
    name: 'p3 Options lines from copied .htaccess files',
    area: 'syntax',
    tree: OPTION_LINES.flatMap((line, i) => [htaccess(`o${i}`, ...line.split('\n')), file(`o${i}/lst/a.txt`), file(`o${i}/a.txt`)]),
    requests: OPTION_LINES.flatMap((_line, i) => [req(`@/o${i}/lst/`, { expect: OPTION_EXPECT[i]![0] }), req(`@/o${i}/a.txt`, { expect: OPTION_EXPECT[i]![1] })]),
  },
];
