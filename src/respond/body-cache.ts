// File bodies kept in memory, so a cached plan plus a cached body answer a request with no
// file-system call at all, and a large file costs one copy into the socket instead of a read and a
// copy per chunk (Node has no sendfile). Files up to cache.body_first_request_bytes are kept from
// their first request; larger ones (up to cache.body_max_file_bytes) from their second, so a
// one-off download does not push hot files out. Keyed by path; an entry is used only for the exact file version the
// caller's plan names (device, inode, size, mtime), and its bytes and validators come from one open +
// fstat + read, so a response never mixes two versions of a file. Staleness is therefore the
// plan's (cache.revalidate_ms at worst); a changed file is simply a miss. Bounded by a byte
// budget (cache.body_bytes), oldest first; files above cache.body_max_file_bytes are streamed.
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileValidators, type Validators } from './etag.js';
import { openFlags } from './file-identity.js';

/** Large files remembered as asked for once (path strings only: bounded, a few hundred KiB). */
const SEEN_ONCE_MAX = 4096;

export interface CachedBody {
  body: Buffer;
  /** Exact mtime in microseconds (from the fstat of the read). */
  mtimeUs: bigint;
  dev: number;
  ino: number;
  size: number;
  /** Validators once they no longer depend on the request time (the file is > 1 s old). */
  stable: Validators | null;
  uses: number;
}

function sameVersion(entry: CachedBody, stat: Stats): boolean {
  // dev and ino: the walk's checks were about that file, not another one swapped in at the path.
  if (entry.ino !== stat.ino || entry.dev !== stat.dev || entry.size !== stat.size) return false;
  // A plain Stats' float mtimeMs can be 1 µs off the exact value.
  const diff = entry.mtimeUs - BigInt(Math.floor(stat.mtimeMs * 1000));
  return diff >= -1n && diff <= 1n;
}

export class BodyCache {
  private readonly entries = new Map<string, CachedBody>();
  private readonly loading = new Map<string, Promise<CachedBody | null>>();
  /** Large files asked for once, by path: the version seen (admitted when asked for again). */
  private readonly seenOnce = new Map<string, string>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxFileBytes: number,
    private readonly firstRequestBytes = maxFileBytes,
  ) {}

  /** Worth keeping in memory? Counts a request for a large file towards its admission. */
  eligible(path: string, stat: Stats): boolean {
    if (this.maxBytes <= 0 || stat.size > this.maxFileBytes || stat.size > this.maxBytes) return false;
    if (stat.size <= this.firstRequestBytes || this.entries.has(path)) return true;
    const version = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (this.seenOnce.get(path) === version) {
      this.seenOnce.delete(path);
      return true;
    }
    this.seenOnce.delete(path);
    this.seenOnce.set(path, version);
    if (this.seenOnce.size > SEEN_ONCE_MAX) this.seenOnce.delete(this.seenOnce.keys().next().value!);
    return false;
  }

  /** The cached body for exactly this version of the file, or undefined. */
  get(path: string, stat: Stats): CachedBody | undefined {
    const e = this.entries.get(path);
    if (e === undefined || !sameVersion(e, stat)) return undefined;
    // Most recently used last, so the byte budget evicts cold files first. Moving an entry costs
    // two map operations: a hot file is moved on one use in 32, which keeps it well away from the end.
    if ((++e.uses & 31) === 0) {
      this.entries.delete(path);
      this.entries.set(path, e);
    }
    return e;
  }

  /**
   * Read the file once (concurrent callers share the read). null when the file on disk is no
   * longer the version `stat` describes, or cannot be read: the caller then takes the streaming
   * path, which opens the file itself and reports errors as usual.
   */
  load(path: string, stat: Stats, noFollow = false): Promise<CachedBody | null> {
    const pending = this.loading.get(path);
    if (pending) return pending.then((e) => (e && sameVersion(e, stat) ? e : null));
    const p = this.read(path, stat, noFollow).finally(() => this.loading.delete(path));
    this.loading.set(path, p);
    return p;
  }

  /** Validators for this request: the stable ones once the file is old enough, else computed. */
  validators(entry: CachedBody, now: number): Validators {
    if (entry.stable) return entry.stable;
    const v = fileValidators(entry.size, entry.mtimeUs, now);
    // Strong ETag and an unclamped Last-Modified will not change any more: keep them.
    if (!v.etag.startsWith('W/') && BigInt(Math.floor(now * 1000)) >= entry.mtimeUs) entry.stable = v;
    return v;
  }

  private async read(path: string, stat: Stats, noFollow: boolean): Promise<CachedBody | null> {
    let fh;
    try {
      fh = await open(path, openFlags(noFollow));
    } catch {
      return null;
    }
    try {
      const st = await fh.stat({ bigint: true });
      if (!st.isFile()) return null;
      const size = Number(st.size);
      const entry: CachedBody = {
        body: Buffer.allocUnsafe(size),
        mtimeUs: st.mtimeNs / 1000n,
        dev: Number(st.dev),
        ino: Number(st.ino),
        size,
        stable: null,
        uses: 0,
      };
      if (!sameVersion(entry, stat)) return null;
      let got = 0;
      while (got < size) {
        const { bytesRead } = await fh.read(entry.body, got, size - got, got);
        if (bytesRead === 0) return null; // shrank while being read
        got += bytesRead;
      }
      this.store(path, entry);
      return entry;
    } catch {
      return null;
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  private store(path: string, entry: CachedBody): void {
    const old = this.entries.get(path);
    if (old) {
      this.bytes -= old.size;
      this.entries.delete(path);
    }
    this.entries.set(path, entry);
    this.bytes += entry.size;
    while (this.bytes > this.maxBytes) {
      const oldest = this.entries.entries().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest[0]);
      this.bytes -= oldest[1].size;
    }
  }
}
