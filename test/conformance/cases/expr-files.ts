// ap_expr's file tests (-d -e -f -s -L -h -x) and the filesystem variables (REQUEST_FILENAME,
// SCRIPT_FILENAME, DOCUMENT_ROOT, CONTEXT_DOCUMENT_ROOT) in <If>, Require expr and AuthName:
// checked against Apache 2.4. The realm `AuthName "%{REQUEST_FILENAME}"` shows r->filename as is.

import { file, dir, htaccess, link, req } from '../dsl.js';
import type { Case } from '../types.js';

const ht = (...lines: string[]) => htaccess('', ...lines);
const f = () => file('f.txt');
const deny = (cond: string) => ht(`<If "${cond}">`, 'Require all denied', '</If>');
const realm = (text: string) =>
  ht('AuthType Basic', `AuthName "${text}"`, 'AuthUserFile {USERS}', 'Require valid-user');

function c(name: string, tree: Case['tree'], requests: Case['requests']): Case {
  return { name: `Expr files: ${name}`, area: 'realworld', tree, requests };
}

/** Requests that reach every kind of walk target. */
const TARGETS = [
  '@/f.txt',
  '@/empty.txt',
  '@/d',
  '@/d/',
  '@/d/f.txt',
  '@/nothing',
  '@/nothing/more',
  '@/f.txt/extra',
  '@/d/nothing/',
  '@/lnk.txt',
  '@/',
].map((p) => req(p));
const TREE = [
  f(),
  file('empty.txt', ''),
  file('d/f.txt'),
  file('x.sh', 'x FILE-MARKER\n', { mode: 0o755 }),
  link('lnk.txt', 'f.txt'),
  link('dangling', 'no-such-file'),
];

const SUBREQUEST = {
  fields: ['status', 'content-type', 'content-length', 'marker'],
  reason:
    'ap_expr -F/-U/-A (sub-request tests) are not in the subset: the access file fails closed with a 500 and file:line',
} as const;

export const EXPR_FILES_CASES: Case[] = [
  c('-f request filename', [deny('-f %{REQUEST_FILENAME}'), ...TREE], TARGETS),
  c('!-f request filename', [deny('!-f %{REQUEST_FILENAME}'), ...TREE], TARGETS),
  c('-d request filename', [deny('-d %{REQUEST_FILENAME}'), ...TREE], TARGETS),
  c('!-d request filename', [deny('!-d %{REQUEST_FILENAME}'), ...TREE], TARGETS),
  c('-e request filename', [deny('-e %{REQUEST_FILENAME}'), ...TREE], TARGETS),
  c('-s request filename', [deny('-s %{REQUEST_FILENAME}'), ...TREE], TARGETS),
  c(
    '-L request filename',
    [ht('Options +FollowSymLinks', '<If "-L %{REQUEST_FILENAME}">', 'Require all denied', '</If>'), ...TREE],
    TARGETS,
  ),
  c(
    '-h request filename',
    [ht('Options +FollowSymLinks', '<If "-h %{REQUEST_FILENAME}">', 'Require all denied', '</If>'), ...TREE],
    TARGETS,
  ),
  c(
    '-x on files',
    [
      ht('<If "-x \'{CASE}/x.sh\'">', 'Require all denied', '</If>'),
      dir('sub'),
      htaccess('sub', '<If "-x \'{CASE}/f.txt\'">', 'Require all denied', '</If>'),
      file('sub/f.txt'),
      ...TREE,
    ],
    [req('@/f.txt'), req('@/sub/f.txt')],
  ),
  c('-x on a directory', [deny('-x %{REQUEST_FILENAME}'), ...TREE], [req('@/d/'), req('@/f.txt')]),
  c(
    '-L on a dangling link and -e',
    [ht("<If \"-L '{CASE}/dangling' && !-e '{CASE}/dangling'\">", 'Require all denied', '</If>'), ...TREE],
    [req('@/f.txt')],
  ),
  c('-s on a directory', [deny("-s '{CASE}/d'"), ...TREE], [req('@/f.txt')]),
  c(
    '-e on an empty and a relative name',
    [ht("<If \"-e '' || -e 'f.txt'\">", 'Require all denied', '</If>'), ...TREE],
    [req('@/f.txt')],
  ),
  // Relative to the server's working directory (htserve and this Apache run from the same one).
  c('-d on a relative name', [deny("-d 'tmp'"), ...TREE], [req('@/f.txt')]),
  c(
    'maintenance file',
    [
      ht('<If "-f \'{CASE}/maintenance.on\'">', 'Require all denied', '</If>'),
      f(),
      file('sub/maintenance.on'),
      htaccess('sub', '<If "-f \'{CASE}/sub/maintenance.on\'">', 'Require all denied', '</If>'),
      file('sub/f.txt'),
    ],
    [req('@/f.txt'), req('@/sub/f.txt')],
  ),
  c(
    'concatenated path',
    [ht('<If "-f %{DOCUMENT_ROOT} . \'{URL}/flag\'">', 'Require all denied', '</If>'), f(), file('flag')],
    [req('@/f.txt')],
  ),
  c(
    'document root',
    [deny("%{DOCUMENT_ROOT} == '{ROOT}' && %{CONTEXT_DOCUMENT_ROOT} == '{ROOT}'"), f()],
    [req('@/f.txt')],
  ),
  c(
    'script filename equals request filename',
    [deny('%{SCRIPT_FILENAME} == %{REQUEST_FILENAME}'), f()],
    [req('@/f.txt'), req('@/nothing')],
  ),
  c(
    'request filename of a file',
    [deny("%{REQUEST_FILENAME} == '{CASE}/f.txt'"), ...TREE],
    [req('@/f.txt'), req('@/f.txt/extra'), req('@/lnk.txt')],
  ),
  c(
    'request filename of a missing path',
    [deny("%{REQUEST_FILENAME} == '{CASE}/nothing'"), ...TREE],
    [req('@/nothing'), req('@/nothing/more'), req('@/nothing/')],
  ),
  c('request filename of a directory', [deny("%{REQUEST_FILENAME} == '{CASE}/d'"), ...TREE], [req('@/d'), req('@/d/')]),
  c(
    'request filename of a directory with slash',
    [deny("%{REQUEST_FILENAME} == '{CASE}/d/'"), ...TREE],
    [req('@/d'), req('@/d/')],
  ),
  c('realm shows request filename', [realm('%{REQUEST_FILENAME}'), ...TREE], TARGETS),
  c(
    'realm shows document root',
    [realm('%{DOCUMENT_ROOT}|%{CONTEXT_DOCUMENT_ROOT}|%{SCRIPT_FILENAME}'), ...TREE],
    [req('@/f.txt'), req('@/d/')],
  ),
  c('require expr -f', [ht('Require expr "-f %{REQUEST_FILENAME}"'), ...TREE], TARGETS),
  c(
    'require expr !-d',
    [ht('Require expr "!-d %{REQUEST_FILENAME}"'), ...TREE],
    [req('@/f.txt'), req('@/d/'), req('@/nothing')],
  ),
  c(
    'elseif file chain',
    [
      ht(
        '<If "-d %{REQUEST_FILENAME}">',
        'Redirect 302 / http://dir.example/',
        '</If>',
        '<ElseIf "-f %{REQUEST_FILENAME}">',
        'Redirect 302 / http://file.example/',
        '</ElseIf>',
        '<Else>',
        'Redirect 302 / http://none.example/',
        '</Else>',
      ),
      ...TREE,
    ],
    [req('@/f.txt'), req('@/d/'), req('@/nothing')],
  ),
  // -F/-U/-A run a whole sub-request (walk, access files, authz) from inside the synchronous
  // evaluator; Apache's own -F on REQUEST_FILENAME recurses through the same <If> until the
  // sub-request depth limit. htserve refuses them when compiling: a 500 with file:line.
  { ...c('-F is a sub-request', [deny('-F %{REQUEST_FILENAME}'), f()], [req('@/f.txt')]), declared: SUBREQUEST },
  { ...c('-U is a sub-request', [deny("-U '/'"), f()], [req('@/f.txt')]), declared: SUBREQUEST },
  { ...c('-A is a sub-request', [deny("-A '/'"), f()], [req('@/f.txt')]), declared: SUBREQUEST },
  c('unknown unary operator', [deny('-q %{REQUEST_FILENAME}'), f()], [req('@/f.txt')]),
  c('file test without argument', [deny('-f'), f()], [req('@/f.txt')]),
];
