// Small helpers that keep the case tables readable: fixture nodes, requests, user matrices.
//
// Placeholders expanded in file contents and symlink targets when the fixture is built:
//   {USERS} {GROUPS}  shared htpasswd / group files (outside the document root)
//   {AUTH}            AuthType Basic + AuthName "R" + AuthUserFile {USERS} + AuthGroupFile {GROUPS}
//   {ROOT}            the document root          {CASE}  this case's directory (absolute path)
//   {URL}             this case's URL prefix     {OUTSIDE} a directory outside the document root

import type { Declared, FixtureNode, HashFormat, PasswdLine, RequestSpec } from './types.js';

/** The shared user file: one user per hash format (docs/apache-behaviour.md §0.3, extended). */
export const SHARED_USERS: ReadonlyArray<{ user: string; password: string; format: HashFormat }> = [
  { user: 'bob', password: 'bobpw', format: 'bcrypt' },
  { user: 'alice', password: 'alicepw', format: 'md5' },
  { user: 'sam', password: 'sampw', format: 'sha1' },
  { user: 'carl', password: 'carlpw', format: 'crypt' },
  { user: 'pete', password: 'petepw', format: 'plain' },
  { user: 'dan', password: 'danpw', format: 'sha256' },
  { user: 'eve', password: 'evepw', format: 'sha512' },
  { user: 'fay', password: 'faypw', format: 'md5crypt' },
  { user: 'gus', password: 'guspw', format: 'bcrypt-2a' },
  { user: 'hal', password: 'halpw', format: 'bcrypt-2b' },
  // DES crypt only looks at the first 8 characters of the password.
  { user: 'ivan', password: 'abcdefghXYZ', format: 'crypt' },
];

export const SHARED_GROUPS = [
  '# group file used by most cases',
  'admins: alice bob',
  'staff: carl  sam',
  '',
  'spaced : dan',
  'multi: eve',
  'multi: fay',
  'comma:carl,alice',
].join('\n');

/** The four lines every protected folder uses (`AUTH` in docs/apache-behaviour.md §0.3). */
export const AUTH = '{AUTH}';

export function passwordOf(user: string): string {
  const u = SHARED_USERS.find((x) => x.user === user);
  if (!u) throw new Error(`unknown fixture user ${user}`);
  return u.password;
}

export function dir(path: string, mode?: number): FixtureNode {
  return { kind: 'dir', path, mode };
}

export function file(
  path: string,
  content?: string,
  opts: { mode?: number; owner?: 'root' | 'www-data' } = {},
): FixtureNode {
  return { kind: 'file', path, content: content ?? `content of ${path} FILE-MARKER\n`, ...opts };
}

/** `.htaccess` in `dirPath` ('' = the case directory) made of the given lines. */
export function htaccess(dirPath: string, ...lines: string[]): FixtureNode {
  const p = dirPath === '' ? '.htaccess' : `${dirPath}/.htaccess`;
  return { kind: 'file', path: p, content: lines.join('\n') + '\n' };
}

export function link(path: string, target: string, owner?: 'root' | 'www-data'): FixtureNode {
  return { kind: 'symlink', path, target, owner };
}

export function passwd(path: string, lines: readonly PasswdLine[]): FixtureNode {
  return { kind: 'htpasswd', path, lines };
}

/** Error pages with markers (`ED-<code>-MARKER`, plus an optional tag) under `dirPath`. */
export function errorPages(dirPath: string, codes: readonly number[], tag = ''): FixtureNode[] {
  return codes.map((code) =>
    file(
      `${dirPath}/${code}.html`,
      `<html><body>custom ${code} ED-${code}-MARKER${tag ? ` ${tag}-MARKER` : ''}</body></html>\n`,
    ),
  );
}

export interface ReqOpts {
  as?: string | undefined;
  authorization?: string | undefined;
  from?: string | undefined;
  headers?: ReadonlyArray<readonly [string, string]> | undefined;
  version?: '1.1' | '1.0' | undefined;
  expect?: number | undefined;
  declared?: Declared | undefined;
  note?: string | undefined;
  probe?: string | undefined;
}

/** `req('GET @/x')`, `req('@/x')` (GET), `req('OPTIONS *')`. */
export function req(spec: string, opts: ReqOpts = {}): RequestSpec {
  const m = /^([A-Z]+) (.*)$/.exec(spec);
  const method = m ? m[1]! : 'GET';
  const path = m ? m[2]! : spec;
  return {
    method,
    path,
    headers: opts.headers ?? [],
    as: opts.as ?? 'anon',
    authorization: opts.authorization,
    from: opts.from ?? '127.0.0.1',
    version: opts.version ?? '1.1',
    expect: opts.expect,
    declared: opts.declared,
    note: opts.note,
    probe: opts.probe,
  };
}

/**
 * The same request as several users. `users` are "anon", fixture users or "user:password";
 * `expects` (same length) are the statuses docs/apache-behaviour.md predicts for Apache.
 */
export function asUsers(
  spec: string,
  users: readonly string[],
  expects?: readonly number[],
  opts: ReqOpts = {},
): RequestSpec[] {
  return users.map((as, i) => req(spec, { ...opts, as, expect: expects?.[i] }));
}

/** The docs/apache-behaviour.md §6.5 column set: anon, bob (admins), sam (staff), bob with a wrong password. */
export const MATRIX_USERS = ['anon', 'bob', 'sam', 'bob:wrong'] as const;
