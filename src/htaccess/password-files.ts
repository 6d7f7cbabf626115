// The password, group, token and key files named by access files (AuthUserFile, AuthGroupFile, the DBM
// forms, AuthBearerTokenFile, AuthBearerJWKS), never served (docs/apache-behaviour.md §9). Known from start-up, by a bounded
// scan of the access files under the document root, and from every access file compiled later;
// compared by identity (device and inode), so a hard link, a symlink or another spelling of the
// same file is refused too. Identities are re-taken when a watcher sees the file change and on a
// timer, so a file replaced by rename (htserve passwd) is known under its new inode; an old
// identity is kept only if another link to it existed (a hard link may still hold the old hashes),
// since a freed inode number is soon given to some new file. Within the bounds below.
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { readLogicalLines, splitWords } from './lexer.js';

/** Most names and identities kept; beyond them the oldest go (a warning is logged once). */
const MAX_NAMES = 4096;
const MAX_IDENTITIES = 8192;
/** Start-up scan: most directories looked into, and most bytes read of one access file. */
const SCAN_MAX_DIRS = 20000;
const SCAN_MAX_FILE_BYTES = 1 << 20;

const NAMING = /^(?:Auth(?:DBM)?(?:User|Group)File|AuthBearerTokenFile|AuthBearerJWKS)$/i;

export interface ScanResult {
  dirs: number;
  accessFiles: number;
  names: number;
  /** The directory bound was reached: files named only below it are known once compiled. */
  truncated: boolean;
  /** Access files that ask for a password or token (AuthType Basic or Bearer), and the first of them. */
  realms: number;
  firstRealm: string | null;
}

export class PasswordFiles {
  private readonly names = new Set<string>();
  /** inode -> devices: a lookup per request allocates nothing. */
  private readonly byIno = new Map<number, number[]>();
  private readonly order: Array<[number, number]> = [];
  /** Each name's identity when last seen, and whether another link to it existed then. */
  private readonly current = new Map<string, { ino: number; dev: number; linked: boolean }>();
  /** Set once a bound dropped something. */
  overflowed = false;
  /** The start-up scan's figures (the server logs them). */
  scanned: ScanResult | null = null;

  constructor(private readonly serverRoot: string) {}

  /** Exactly this absolute path is a known password or group file. */
  has(file: string): boolean {
    return this.names.has(file);
  }

  /** The file `stat` describes is a known password or group file, whatever its name. */
  matches(stat: Stats): boolean {
    const devs = this.byIno.get(stat.ino);
    return devs !== undefined && devs.includes(stat.dev);
  }

  /** A name as written in an access file (relative to the server root); its identity follows. */
  note(written: string): Promise<void> {
    const file = path.resolve(this.serverRoot, written);
    if (!this.names.has(file)) {
      this.names.add(file);
      if (this.names.size > MAX_NAMES) {
        this.overflowed = true;
        const oldest = this.names.values().next().value!;
        this.names.delete(oldest);
        this.current.delete(oldest);
      }
    }
    return this.identify(file);
  }

  /** A watcher saw `file` change: re-take its identity if it is one of ours. */
  changed(file: string): void {
    if (this.names.has(file)) void this.identify(file);
  }

  private refreshing = false;

  /** Re-take every identity (a replacement no watcher saw). Bounded by MAX_NAMES stats, one at a time. */
  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      for (const file of [...this.names]) await this.identify(file);
    } finally {
      this.refreshing = false;
    }
  }

  /** Every access file under `root` (not through symlinked directories), bounded. */
  async scan(root: string, accessFileName: string): Promise<ScanResult> {
    const result: ScanResult = { dirs: 0, accessFiles: 0, names: 0, truncated: false, realms: 0, firstRealm: null };
    const queue = [root];
    while (queue.length > 0) {
      if (result.dirs >= SCAN_MAX_DIRS) {
        result.truncated = true;
        break;
      }
      const dir = queue.shift()!;
      result.dirs++;
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable: requests below it are refused by the walk anyway
      }
      for (const e of entries) {
        if (e.isDirectory()) queue.push(path.join(dir, e.name));
        else if (e.name === accessFileName) {
          result.accessFiles++;
          const file = path.join(dir, e.name);
          const found = await namedIn(file);
          if (found.realm) {
            result.realms++;
            result.firstRealm ??= file;
          }
          for (const written of found.names) {
            result.names++;
            await this.note(written);
          }
        }
      }
    }
    this.scanned = result;
    return result;
  }

  private async identify(file: string): Promise<void> {
    let st: Stats;
    try {
      st = await fs.stat(file);
    } catch {
      return; // missing for now: the name alone protects it, the timer picks it up later
    }
    const prev = this.current.get(file);
    this.current.set(file, { ino: st.ino, dev: st.dev, linked: st.nlink > 1 });
    // The file was replaced (htserve passwd renames a new file over it). Its old inode is kept
    // only while another link may still hold the old hashes; otherwise the file system may give
    // that inode number to any new file, which would then be refused as a password file.
    if (prev && (prev.ino !== st.ino || prev.dev !== st.dev) && !prev.linked) this.forget(prev.ino, prev.dev);
    const devs = this.byIno.get(st.ino);
    if (devs?.includes(st.dev)) return;
    if (devs) devs.push(st.dev);
    else this.byIno.set(st.ino, [st.dev]);
    this.order.push([st.ino, st.dev]);
    if (this.order.length > MAX_IDENTITIES) {
      this.overflowed = true;
      const [ino, dev] = this.order.shift()!;
      this.forget(ino, dev);
    }
  }

  /** Drop an identity, unless a known name still has it. */
  private forget(ino: number, dev: number): void {
    for (const c of this.current.values()) if (c.ino === ino && c.dev === dev) return;
    const left = (this.byIno.get(ino) ?? []).filter((d) => d !== dev);
    if (left.length > 0) this.byIno.set(ino, left);
    else this.byIno.delete(ino);
    const i = this.order.findIndex(([o, d]) => o === ino && d === dev);
    if (i >= 0) this.order.splice(i, 1);
  }
}

/**
 * The files an access file names, read leniently: any logical line whose first word is one of
 * the naming directives, wherever it is (inside <IfModule>, <Files>, or in a file that does not
 * compile). Refusing a file that would not have been used is harmless; missing one is not.
 * `realm`: the file has an `AuthType Basic` or `Bearer` line (credentials will be sent to it).
 */
async function namedIn(file: string): Promise<{ names: string[]; realm: boolean }> {
  let text: string;
  try {
    const fh = await fs.open(file, 'r');
    try {
      const buf = Buffer.alloc(Math.min((await fh.stat()).size, SCAN_MAX_FILE_BYTES));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      text = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  } catch {
    return { names: [], realm: false };
  }
  const logical = readLogicalLines(text);
  // A file Apache could not read (an over-long line) is still read line by line here.
  const lines = logical.kind === 'ok' ? logical.lines.map((l) => l.text) : text.split('\n');
  const out: string[] = [];
  let realm = false;
  for (const l of lines) {
    const [name, arg] = splitWords(l.trim());
    if (name !== undefined && arg !== undefined && NAMING.test(name)) out.push(arg);
    if (name?.toLowerCase() === 'authtype' && /^(?:basic|bearer)$/i.test(arg ?? '')) realm = true;
  }
  return { names: out, realm };
}
