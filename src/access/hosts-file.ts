// /etc/hosts, read by htserve itself: c-ares (dns.Resolver) does not read it, and Apache's
// getnameinfo/getaddrinfo do ("files" before "dns"). Small, parsed once, re-read when its
// mtime, size or inode changes (checked at most once a second, asynchronously).
import { promises as fs } from 'node:fs';

const CHECK_MS = 1000;
const MAX_BYTES = 1 << 20;

export interface HostsTable {
  /** Address (as written, lower case) -> its first name, as getnameinfo answers. */
  names: ReadonlyMap<string, string>;
  /** Name (lower case) -> every address listed for it. */
  addresses: ReadonlyMap<string, readonly string[]>;
}

const EMPTY: HostsTable = { names: new Map(), addresses: new Map() };

export function parseHosts(text: string): HostsTable {
  const names = new Map<string, string>();
  const addresses = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/#.*/, '').trim().split(/\s+/);
    const addr = fields[0]?.toLowerCase();
    if (!addr || fields.length < 2) continue;
    for (const name of fields.slice(1).map((n) => n.toLowerCase())) {
      if (!names.has(addr)) names.set(addr, name);
      const list = addresses.get(name) ?? [];
      if (!list.includes(addr)) list.push(addr);
      addresses.set(name, list);
    }
  }
  return { names, addresses };
}

export class HostsFile {
  private table: HostsTable = EMPTY;
  private version = '';
  private checkedAt = -Infinity;
  private pending: Promise<void> | null = null;

  constructor(private readonly file: string) {}

  /** The table, re-read first if the file may have changed. */
  async get(): Promise<HostsTable> {
    if (Date.now() - this.checkedAt >= CHECK_MS) await (this.pending ??= this.refresh());
    return this.table;
  }

  private async refresh(): Promise<void> {
    try {
      const st = await fs.stat(this.file);
      const version = `${st.mtimeMs}:${st.size}:${st.ino}`;
      if (version !== this.version) {
        this.table = st.size > MAX_BYTES ? EMPTY : parseHosts(await fs.readFile(this.file, 'utf8'));
        this.version = version;
      }
    } catch {
      this.table = EMPTY;
      this.version = '';
    } finally {
      this.checkedAt = Date.now();
      this.pending = null;
    }
  }
}
