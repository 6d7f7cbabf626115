// docs/apache-behaviour.md §10 Filesystem: permissions seen by the unprivileged server user (files owned by root),
// unreadable/odd .htaccess, path-info, symlinks under each Options combination.

import { AUTH, dir, file, htaccess, link, req } from '../dsl.js';
import type { Case, FixtureNode } from '../types.js';

/** The five symlink kinds of the docs/apache-behaviour.md §10.1 table, in directory `sl`, plus their targets. */
function symlinkTree(optionsLine: string | null): FixtureNode[] {
  return [
    ...(optionsLine ? [htaccess('sl', optionsLine)] : []),
    file('target.txt'),
    file('targetdir/inner.txt'),
    file('wwwdata.txt', 'owned by www-data FILE-MARKER\n', { owner: 'www-data' }),
    link('sl/to-file.txt', '../target.txt'),
    link('sl/to-outside.txt', '{OUTSIDE}/secret.txt'),
    link('sl/dangling.txt', '../no-such-file'),
    link('sl/to-dir', '../targetdir'),
    link('sl/to-wwwdata.txt', '../wwwdata.txt'),
    file('sl/plain.txt'),
  ];
}

function symlinkCase(
  label: string,
  optionsLine: string | null,
  expects: [number, number, number, number, number],
): Case {
  const paths = [
    '@/sl/to-file.txt',
    '@/sl/to-outside.txt',
    '@/sl/dangling.txt',
    '@/sl/to-dir/inner.txt',
    '@/sl/to-wwwdata.txt',
  ];
  return {
    name: `symlinks with ${label}`,
    area: 'fs',
    tree: symlinkTree(optionsLine),
    requests: [...paths.map((p, i) => req(p, { expect: expects[i] })), req('@/sl/plain.txt', { expect: 200 })],
  };
}

export const FS_CASES: Case[] = [
  {
    name: 'unreadable file',
    area: 'fs',
    tree: [
      file('mode600.txt', 'secret\n', { mode: 0o600 }),
      htaccess('prot', AUTH, 'Require valid-user'),
      file('prot/mode600.txt', 'secret\n', { mode: 0o600 }),
    ],
    requests: [
      req('@/mode600.txt', { expect: 403 }),
      req('@/prot/mode600.txt', { expect: 401 }),
      req('@/prot/mode600.txt', { as: 'bob', expect: 403 }),
    ],
  },
  {
    name: 'directory without search permission',
    area: 'fs',
    tree: [file('noexec/f.txt'), index('noexec'), dir('noexec', 0o644)],
    requests: [
      req('@/noexec/f.txt', { expect: 403 }),
      req('@/noexec', { expect: 403 }),
      req('@/noexec/', { expect: 403 }),
      req('@/noexec/missing', { expect: 403 }),
    ],
  },
  {
    name: 'directory with search but no read permission',
    area: 'fs',
    tree: [file('xonly/f.txt'), dir('xonly', 0o711), index('xidx'), dir('xidx', 0o711)],
    requests: [
      req('@/xonly/f.txt', { expect: 200 }),
      req('@/xonly/', { expect: 403 }),
      req('@/xidx/', { expect: 200 }),
    ],
  },
  {
    name: 'unreadable .htaccess',
    area: 'fs',
    tree: [
      { kind: 'file', path: 'd/.htaccess', content: 'Require all granted\n', mode: 0o600 },
      file('d/f.txt'),
      file('d/sub/g.txt'),
    ],
    requests: [
      req('@/d/f.txt', { expect: 403 }),
      req('@/d/', { expect: 403 }),
      req('@/d/sub/g.txt', { expect: 403 }),
      req('@/d/missing', { expect: 403 }),
    ],
  },
  {
    name: '.htaccess that is a directory',
    area: 'fs',
    tree: [dir('d/.htaccess'), file('d/f.txt')],
    requests: [req('@/d/f.txt', { expect: 403 })],
  },
  {
    name: 'missing files and path-info',
    area: 'fs',
    tree: [file('ok.txt'), index('idx')],
    requests: [
      req('@/nope.txt', { expect: 404 }),
      req('@/nodir/nope.txt', { expect: 404 }),
      req('@/ok.txt/extra', { expect: 404 }),
      req('@/idx/index.html/', { expect: 404 }),
      req('@/IDX/INDEX.HTML', { expect: 404 }),
      req('@/idx/index.html;param', { expect: 404 }),
      req('@/idx\\index.html', { expect: 404 }),
    ],
  },
  symlinkCase('FollowSymLinks (inherited default)', null, [200, 200, 403, 200, 200]),
  symlinkCase('-FollowSymLinks', 'Options -FollowSymLinks', [403, 403, 403, 403, 403]),
  symlinkCase('SymLinksIfOwnerMatch alone', 'Options SymLinksIfOwnerMatch', [200, 200, 403, 200, 403]),
  symlinkCase(
    'FollowSymLinks SymLinksIfOwnerMatch',
    'Options FollowSymLinks SymLinksIfOwnerMatch',
    [200, 200, 403, 200, 403],
  ),
  symlinkCase('Options None', 'Options None', [403, 403, 403, 403, 403]),
  symlinkCase('Options Indexes (drops FollowSymLinks)', 'Options Indexes', [403, 403, 403, 403, 403]),
  {
    name: 'symlink into a denied directory uses the link path rules',
    area: 'fs',
    tree: [
      htaccess('den', 'Require all denied'),
      file('den/secret.txt'),
      link('pub/alias.txt', '../den/secret.txt'),
      link('pub/dirlink', '../den'),
    ],
    requests: [
      req('@/den/secret.txt', { expect: 403 }),
      req('@/pub/alias.txt', { expect: 200 }),
      req('@/pub/dirlink/secret.txt', { expect: 403, note: 'the target directory .htaccess is read through the link' }),
    ],
  },
  {
    name: 'symlink loops and links to outside directories',
    area: 'fs',
    tree: [
      link('loop', 'loop'),
      link('a-to-b', 'b-to-a'),
      link('b-to-a', 'a-to-b'),
      link('outdir', '{OUTSIDE}'),
      link('idx/index.html', '../target.html'),
      file('target.html', '<p>TARGET-MARKER</p>\n'),
    ],
    requests: [
      req('@/loop', { expect: 403 }),
      req('@/a-to-b', { expect: 403 }),
      req('@/outdir/secret.txt', { expect: 200 }),
      req('@/outdir/', { expect: 200 }),
      req('@/idx/', { expect: 200, note: 'index file reached through a symlink' }),
    ],
  },
  {
    name: 'index file symlink without FollowSymLinks',
    area: 'fs',
    tree: [
      htaccess('idx', 'Options -FollowSymLinks'),
      link('idx/index.html', '../target.html'),
      file('target.html', '<p>TARGET-MARKER</p>\n'),
      file('idx/other.txt'),
    ],
    requests: [req('@/idx/', { expect: 403 }), req('@/idx/other.txt', { expect: 200 })],
  },
  {
    name: 'symlinked directory listing and slash',
    area: 'fs',
    tree: [file('real/a.txt'), file('real/b.txt'), link('alias', 'real')],
    requests: [req('@/alias/', { expect: 200 }), req('@/alias', { expect: 301 })],
  },
];

function index(dirPath: string): FixtureNode {
  return file(`${dirPath}/index.html`, '<p>INDEX-MARKER</p>\n');
}
