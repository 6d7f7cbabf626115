// MaxMind DB files, opened once and shared by every configuration that names them (by absolute
// path), with the answers for recent addresses kept per database.
//
// Freshness: an open database is reused while its file keeps the same (mtime, size, inode). It is
// checked with a stat once it was last confirmed `revalidateMs` ago, and at once after a watcher
// saw its directory change (invalidate()): replacing the file (geoipupdate renames a new one into
// place) is seen within revalidate_ms, usually at once. The lookup cache belongs to one version
// of the file, so it never answers from an old database. Errors are not kept: a missing or broken
// file is tried again on the next request that needs it.
//
// Bounded: files larger than `maxBytes` are refused (the reader needs the whole file in memory),
// at most `maxDatabases` are open (least recently used closed first), and each keeps at most
// `lookupCacheSize` addresses.
import { promises as fs } from 'node:fs';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { LruMap } from '../authn/lru.js';

/** What mmdb-lib's Reader offers that is used here (the package is imported on first use). */
interface MmdbReader {
  metadata: { ipVersion: number; recordSize: number; binaryFormatMajorVersion: number; searchTreeSize: number };
  getWithPrefixLength(address: string): [unknown, number];
}
type ReaderClass = new (db: Buffer) => MmdbReader;

let readerClass: Promise<ReaderClass> | null = null;
/** mmdb-lib is loaded when the first database is opened: sites without geolocation never pay for it. */
function loadReader(): Promise<ReaderClass> {
  readerClass ??= import('mmdb-lib').then((m) => m.Reader as unknown as ReaderClass);
  return readerClass;
}

/** libmaxminddb's MMDB_strerror texts, so the error log reads as Apache's would. */
export const MMDB_ERRORS = {
  open: 'Error opening the specified MaxMind DB file',
  metadata: 'The MaxMind DB file contains invalid metadata',
  format: "The MaxMind DB file is in a format this library can't handle (unknown record size or binary format version)",
  data: "The MaxMind DB file's data section contains bad data (unknown data type or corrupt data)",
  v6InV4: 'You attempted to look up an IPv6 address in an IPv4-only database',
} as const;

export type LookupResult =
  /** record: the decoded data (null when the address is in no network of the file). */
  { kind: 'ok'; record: unknown; prefixLength: number; family: 4 | 6 } | { kind: 'error'; message: string };

/** One version of one database file. */
export class GeoDatabase {
  private readonly answers: LruMap<string, LookupResult & { kind: 'ok' }>;

  constructor(
    readonly file: string,
    private readonly reader: MmdbReader,
    lookupCacheSize: number,
  ) {
    this.answers = new LruMap(Math.max(1, lookupCacheSize));
  }

  get ipVersion(): number {
    return this.reader.metadata.ipVersion;
  }

  /** MMDB_lookup_string for one client address; an address that is not one is an error. */
  lookup(address: string): LookupResult {
    const known = this.answers.get(address);
    if (known) return known;
    const family = isIP(address);
    if (family === 0) return { kind: 'error', message: `Error resolving IP address '${address}'` };
    if (family === 6 && this.reader.metadata.ipVersion === 4) {
      return { kind: 'error', message: `Error looking up '${address}': ${MMDB_ERRORS.v6InV4}` };
    }
    let found: [unknown, number];
    try {
      found = this.reader.getWithPrefixLength(address);
    } catch {
      return { kind: 'error', message: `Error looking up '${address}': ${MMDB_ERRORS.data}` };
    }
    const answer = { kind: 'ok' as const, record: found[0] ?? null, prefixLength: found[1], family: family as 4 | 6 };
    this.answers.set(address, answer);
    return answer;
  }
}

export type DatabaseLoad = { kind: 'ok'; db: GeoDatabase } | { kind: 'error'; message: string };

interface Signature {
  mtimeMs: number;
  size: number;
  ino: number;
}

interface Entry {
  signature: Signature;
  db: GeoDatabase;
  /** performance.now() when the signature was last confirmed; -Infinity = stat before reuse. */
  checkedAt: number;
}

export interface GeoDatabasesOptions {
  revalidateMs: number;
  lookupCacheSize: number;
  maxBytes: number;
  maxDatabases: number;
  /** Told the path of every file opened (the context starts a watcher on its directory). */
  onOpen?: (file: string) => void;
}

const same = (a: Signature, b: Signature): boolean => a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;

export class GeoDatabases {
  private readonly entries: LruMap<string, Entry>;
  /** Opens in progress, so the requests arriving meanwhile read the file once. */
  private readonly loading = new Map<string, Promise<DatabaseLoad>>();

  constructor(private readonly opts: GeoDatabasesOptions) {
    this.entries = new LruMap(Math.max(1, opts.maxDatabases));
  }

  /** The open database if it may be used right now without a stat. */
  peek(file: string): GeoDatabase | undefined {
    const e = this.entries.get(file);
    return e && performance.now() - e.checkedAt < this.opts.revalidateMs ? e.db : undefined;
  }

  /** A watcher saw `file` (or its directory) change: stat it before the next use. */
  invalidate(file: string): void {
    const e = this.entries.peek(file);
    if (e) e.checkedAt = Number.NEGATIVE_INFINITY;
  }

  /** Is this path an open database (so a watcher event for it matters)? */
  has(file: string): boolean {
    return this.entries.has(file);
  }

  /** The database at `file` (absolute), opened or reopened as needed. */
  async get(file: string): Promise<DatabaseLoad> {
    const fresh = this.peek(file);
    if (fresh) return { kind: 'ok', db: fresh };
    const started = performance.now();
    let stats;
    try {
      stats = await fs.stat(file);
    } catch (e) {
      return openError(file, (e as NodeJS.ErrnoException).code ?? String(e));
    }
    const known = this.entries.peek(file);
    if (known && same(known.signature, stats)) {
      known.checkedAt = Math.max(known.checkedAt, started);
      return { kind: 'ok', db: known.db };
    }
    const key = `${file}\0${stats.ino}\0${stats.size}\0${stats.mtimeMs}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.open(file, started).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async open(file: string, started: number): Promise<DatabaseLoad> {
    let handle;
    try {
      handle = await fs.open(file, 'r');
      // Signature and bytes from the same open file, so they always belong together.
      const stats = await handle.stat();
      if (!stats.isFile()) return openError(file, 'not a regular file');
      if (stats.size > this.opts.maxBytes) {
        return openError(file, `larger than geoip.max_database_bytes (${this.opts.maxBytes})`);
      }
      const bytes = await handle.readFile();
      const Reader = await loadReader();
      const reader = readDatabase(Reader, bytes);
      if (typeof reader === 'string')
        return { kind: 'error', message: `MaxMindDBFile: Failed to open ${file}: ${reader}` };
      const db = new GeoDatabase(file, reader, this.opts.lookupCacheSize);
      const signature = { mtimeMs: stats.mtimeMs, size: stats.size, ino: stats.ino };
      this.entries.set(file, { signature, db, checkedAt: started });
      this.opts.onOpen?.(file);
      return { kind: 'ok', db };
    } catch (e) {
      return openError(file, (e as NodeJS.ErrnoException).code ?? String(e));
    } finally {
      await handle?.close();
    }
  }
}

/** What MMDB_open checks before it accepts a file; a reason (MMDB_strerror's words) when it does not. */
function readDatabase(Reader: ReaderClass, bytes: Buffer): MmdbReader | string {
  let reader: MmdbReader;
  try {
    reader = new Reader(bytes);
  } catch {
    return MMDB_ERRORS.metadata;
  }
  const m = reader.metadata;
  if (m.binaryFormatMajorVersion !== 2 || ![24, 28, 32].includes(m.recordSize)) return MMDB_ERRORS.format;
  if (m.ipVersion !== 4 && m.ipVersion !== 6) return MMDB_ERRORS.metadata;
  if (!(m.searchTreeSize >= 0) || m.searchTreeSize + 16 > bytes.length) return MMDB_ERRORS.metadata;
  return reader;
}

/** The module's message for MMDB_FILE_OPEN_ERROR, with the system's reason after it. */
function openError(file: string, reason: string): DatabaseLoad {
  return { kind: 'error', message: `MaxMindDBFile: Failed to open ${file}: ${MMDB_ERRORS.open} (${reason})` };
}
