// The benchmark's site, built in a fresh temp dir that every server can read (as nobody or
// www-data): a 1 KiB file under three levels of .htaccess, 100 KiB and 10 MiB files, a folder
// of 1000 files and one of 10,000 files that are listed, a bcrypt (cost 10) Basic realm whose htpasswd file lies outside
// the document root, and a URL that does not exist.

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';

export interface Fixture {
  /** The temp dir holding everything (removed at the end). */
  dir: string;
  /** Document root. */
  docroot: string;
  /** State dirs of the servers (configs, pid files, error logs) live under this. */
  stateDir: string;
  /** htpasswd file (one bcrypt `$2y$10$` entry), outside the document root. */
  htpasswd: string;
  user: string;
  password: string;
  wrongPassword: string;
  /** The bcrypt hash of `password`, as written to `htpasswd`. */
  hash: string;
  realm: string;
  listCount: number;
  /** Files in list10k/ (the 10,000-entry listing, HTML and JSON). */
  bigListCount: number;
  sizes: Record<string, number>;
}

export const LIST_COUNT = 1000;
export const BIG_LIST_COUNT = 10000;

const ONE_K = 1024;
const HUNDRED_K = 100 * 1024;
const TEN_M = 10 * 1024 * 1024;

function text(bytes: number, seed: string): string {
  const line = `${seed} the quick brown fox jumps over the lazy dog 0123456789\n`;
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

export function buildFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'htserve-bench-'));
  chmodSync(dir, 0o755); // mkdtemp makes 0700: the servers drop to nobody / www-data
  const dirs = (...parts: string[]): string => {
    const p = join(dir, ...parts);
    mkdirSync(p, { recursive: true, mode: 0o755 });
    chmodSync(p, 0o755); // in case the umask took bits away
    return p;
  };
  const file = (path: string, content: string | Buffer): void => {
    writeFileSync(path, content, { mode: 0o644 });
    chmodSync(path, 0o644);
  };

  const docroot = dirs('www');
  const stateDir = dirs('state');
  const authDir = dirs('auth');
  const user = 'bench';
  const password = 'correct horse battery staple';
  const wrongPassword = 'wrong horse';
  const realm = 'Bench';
  // Apache's htpasswd -B writes $2y$; bcryptjs writes $2b$ — the same algorithm.
  const hash = bcrypt.hashSync(password, 10).replace(/^\$2[ab]\$/, '$2y$');
  const htpasswd = join(authDir, 'htpasswd');
  file(htpasswd, `${user}:${hash}\n`);

  file(join(docroot, 'index.html'), '<!doctype html><title>bench</title><p>htserve benchmark site</p>\n');

  // 1 KiB under three levels of benign access files (read by htserve and Apache alike)
  dirs('www', 'a', 'b', 'c');
  file(join(docroot, 'a', '.htaccess'), 'Options +FollowSymLinks\nAddDefaultCharset utf-8\nHeader set X-Level 1\n');
  file(join(docroot, 'a', 'b', '.htaccess'), 'DirectoryIndex index.html\nHeader set X-Level 2\n');
  file(join(docroot, 'a', 'b', 'c', '.htaccess'), 'Options -Indexes\nHeader set X-Level 3\n');
  file(join(docroot, 'a', 'b', 'c', '1k.txt'), text(ONE_K, '1k'));

  dirs('www', 'files');
  file(join(docroot, 'files', '100k.bin'), randomBytes(HUNDRED_K));
  file(join(docroot, 'files', '10m.bin'), randomBytes(TEN_M));

  const list = dirs('www', 'list');
  file(join(list, '.htaccess'), 'Options +Indexes\n');
  for (let i = 0; i < LIST_COUNT; i++) {
    file(join(list, `file-${String(i).padStart(4, '0')}.txt`), `file number ${i}\n`);
  }

  const bigList = dirs('www', 'list10k');
  file(join(bigList, '.htaccess'), 'Options +Indexes\n');
  for (let i = 0; i < BIG_LIST_COUNT; i++) {
    file(join(bigList, `file-${String(i).padStart(5, '0')}.txt`), `file number ${i}\n`);
  }

  const prot = dirs('www', 'protected');
  file(join(prot, '.htaccess'), `AuthType Basic\nAuthName "${realm}"\nAuthUserFile ${htpasswd}\nRequire valid-user\n`);
  file(join(prot, 'secret.txt'), text(ONE_K, 'secret'));

  return {
    dir,
    docroot,
    stateDir,
    htpasswd,
    user,
    password,
    wrongPassword,
    hash,
    realm,
    listCount: LIST_COUNT,
    bigListCount: BIG_LIST_COUNT,
    sizes: { '1k': ONE_K, '100k': HUNDRED_K, '10m': TEN_M, secret: ONE_K },
  };
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
