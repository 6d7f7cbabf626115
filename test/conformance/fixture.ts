// Builds one big fixture tree for the whole run: one sub-directory of the document root per case,
// shared htpasswd/group files outside the document root, made with Apache's own `htpasswd`.
// Directories are 0755 so the unprivileged server user (www-data) can traverse; files are owned
// by root unless a case asks otherwise (file-permission cases rely on that).

import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lchownSync,
  mkdirSync,
  mkdtempSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { SHARED_GROUPS, SHARED_USERS } from './dsl.js';
import type { Case, FixtureNode, HashFormat, PasswdLine } from './types.js';

/** Fixed mtime (2024-01-02T03:04:05Z) so ETags are strong and Last-Modified is predictable. */
export const FIXTURE_MTIME = 1704164645;
export const FIXTURE_LAST_MODIFIED = 'Tue, 02 Jan 2024 03:04:05 GMT';

export interface Fixture {
  base: string;
  docroot: string;
  usersFile: string;
  groupsFile: string;
  outside: string;
  /** Directory for server state (Apache's ServerRoot, logs, pid, mutexes). */
  stateDir: string;
  /** URL prefix of each case, e.g. "/authz-require-user". */
  urlOf: ReadonlyMap<Case, string>;
}

const HTPASSWD_FLAGS: Partial<Record<HashFormat, readonly string[]>> = {
  bcrypt: ['-B', '-C', '5'],
  md5: ['-m'],
  sha1: ['-s'],
  crypt: ['-d'],
  plain: ['-p'],
  sha256: ['-2'],
  sha512: ['-5'],
};

const hashCache = new Map<string, string>();

/** One `user:hash` line, produced by the real tools (htpasswd; openssl for $1$). */
export function hashLine(user: string, password: string, format: HashFormat): string {
  const key = `${format}\0${user}\0${password}`;
  const cached = hashCache.get(key);
  if (cached) return cached;
  let line: string;
  if (format === 'md5crypt') {
    const hash = execFileSync('openssl', ['passwd', '-1', password], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    line = `${user}:${hash}`;
  } else if (format === 'bcrypt-2a' || format === 'bcrypt-2b') {
    const base = hashLine(user, password, 'bcrypt');
    line = base.replace(':$2y$', format === 'bcrypt-2a' ? ':$2a$' : ':$2b$');
  } else {
    const flags = HTPASSWD_FLAGS[format]!;
    const out = execFileSync('htpasswd', ['-nb', ...flags, user, password], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    line = out.split('\n')[0]!.trim();
  }
  hashCache.set(key, line);
  return line;
}

/** Raw lines may embed `{HASH:<format>:<password>}`, replaced by just the hash. */
function expandRaw(raw: string): string {
  return raw.replace(/\{HASH:([a-z0-9-]+):([^}]*)\}/g, (_m, format: string, pw: string) => {
    const line = hashLine('x', pw, format as HashFormat);
    return line.slice(line.indexOf(':') + 1);
  });
}

export function passwdText(lines: readonly PasswdLine[]): string {
  return lines.map((l) => ('raw' in l ? expandRaw(l.raw) : hashLine(l.user, l.password, l.format))).join('\n') + '\n';
}

export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

function uidOf(name: string): number {
  return Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
}

export function buildFixture(cases: readonly Case[]): Fixture {
  const base = mkdtempSync('/tmp/htconf-');
  chmodSync(base, 0o755);
  const docroot = join(base, 'www');
  const authDir = join(base, 'auth');
  const outside = join(base, 'outside');
  const stateDir = join(base, 'state');
  for (const d of [docroot, authDir, outside, stateDir]) mkdirSync(d, { mode: 0o755 });
  chmodSync(docroot, 0o755);

  const usersFile = join(authDir, 'users');
  const groupsFile = join(authDir, 'groups');
  writeFileSync(usersFile, passwdText(SHARED_USERS), { mode: 0o644 });
  writeFileSync(groupsFile, SHARED_GROUPS + '\n', { mode: 0o644 });
  writeFileSync(join(outside, 'secret.txt'), 'outside the docroot OUTSIDE-MARKER\n', { mode: 0o644 });

  const wwwData = uidOf('www-data');
  const urlOf = new Map<Case, string>();
  const used = new Set<string>();
  for (const c of cases) {
    let name = `${c.area}-${slug(c.name)}`;
    for (let i = 2; used.has(name); i++) name = `${c.area}-${slug(c.name)}-${i}`;
    used.add(name);
    urlOf.set(c, `/${name}`);
    const caseDir = join(docroot, name);
    mkdirSync(caseDir, { mode: 0o755 });
    const expand = (text: string): string =>
      text
        .replaceAll('{AUTH}', 'AuthType Basic\nAuthName "R"\nAuthUserFile {USERS}\nAuthGroupFile {GROUPS}')
        .replaceAll('{USERS}', usersFile)
        .replaceAll('{GROUPS}', groupsFile)
        .replaceAll('{ROOT}', docroot)
        .replaceAll('{CASE}', caseDir)
        .replaceAll('{URL}', `/${name}`)
        .replaceAll('{OUTSIDE}', outside);
    buildCaseTree(caseDir, c.tree, expand, wwwData);
  }
  return { base, docroot, usersFile, groupsFile, outside, stateDir, urlOf };
}

function buildCaseTree(
  caseDir: string,
  tree: readonly FixtureNode[],
  expand: (s: string) => string,
  wwwData: number,
): void {
  const dirModes: Array<[string, number]> = [];
  const fileModes: Array<[string, number]> = [];
  const ensureParent = (p: string): void => {
    mkdirSync(dirname(p), { recursive: true, mode: 0o755 });
  };
  for (const node of tree) {
    const p = join(caseDir, node.path);
    switch (node.kind) {
      case 'dir':
        mkdirSync(p, { recursive: true, mode: 0o755 });
        if (node.mode !== undefined) dirModes.push([p, node.mode]);
        break;
      case 'file':
        ensureParent(p);
        writeFileSync(p, expand(node.content));
        fileModes.push([p, node.mode ?? 0o644]);
        if (node.owner === 'www-data') chownSync(p, wwwData, wwwData);
        break;
      case 'htpasswd':
        ensureParent(p);
        writeFileSync(p, passwdText(node.lines));
        fileModes.push([p, 0o644]);
        break;
      case 'symlink':
        ensureParent(p);
        symlinkSync(expand(node.target), p);
        if (node.owner === 'www-data') lchownSync(p, wwwData, wwwData);
        break;
    }
  }
  for (const [p, mode] of fileModes) {
    chmodSync(p, mode);
    utimesSync(p, FIXTURE_MTIME, FIXTURE_MTIME);
  }
  // Deepest first, so a directory made untraversable does not block chmod of its children.
  dirModes.sort((a, b) => b[0].length - a[0].length);
  for (const [p, mode] of dirModes) chmodSync(p, mode);
}
