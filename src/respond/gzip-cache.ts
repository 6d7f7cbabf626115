// Gzipped file bodies for mod_deflate's DEFLATE filter. A body is compressed once, on the thread
// pool (zlib.gzip, never on the event loop), and kept in memory keyed by path and file version
// (device, inode, size, mtime): a changed file is simply a miss, so staleness is the plan's
// (cache.revalidate_ms at worst), as for the plain body cache. Bounded by a byte budget of
// compressed bytes (compression.cache_bytes), least recently used first; files above
// compression.max_file_bytes are not held here but compressed as they stream (send-file.ts).
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip, type ZlibOptions } from 'node:zlib';
import { openFlags, sameIdentity } from './file-identity.js';

const gzipAsync = promisify(gzip);

/**
 * Files read and compressed into memory at once (each at most max_file_bytes): a burst of
 * requests for many large files then streams the rest instead of holding them all.
 */
const MAX_CONCURRENT = 4;

export interface GzipBody {
  /** The whole gzip stream (header, deflate data, trailer). */
  body: Buffer;
  /** The original file's size and exact mtime in microseconds, for its validators. */
  size: number;
  mtimeUs: bigint;
  dev: number;
  ino: number;
}

/** mod_deflate's defaults: zlib's level 6, a 32 KiB window, memLevel 9 (DeflateMemLevel). */
export function zlibOptions(level: number): ZlibOptions {
  return { level, windowBits: 15, memLevel: 9 };
}

function sameVersion(entry: GzipBody, stat: Stats): boolean {
  if (entry.ino !== stat.ino || entry.dev !== stat.dev || entry.size !== stat.size) return false;
  const diff = entry.mtimeUs - BigInt(Math.floor(stat.mtimeMs * 1000));
  return diff >= -1n && diff <= 1n;
}

export class GzipCache {
  private readonly entries = new Map<string, GzipBody>();
  private readonly pending = new Map<string, Promise<GzipBody | null>>();
  private bytes = 0;
  private running = 0;

  constructor(
    private readonly maxBytes: number,
    /** Larger files are compressed while streaming instead. */
    readonly maxFileBytes: number,
    readonly level: number,
  ) {}

  /** Small enough to compress into memory? */
  holds(stat: Stats): boolean {
    return stat.size <= this.maxFileBytes;
  }

  /**
   * The gzipped body of exactly this version of the file; null when the file on disk is no longer
   * the version `stat` describes or cannot be read (the caller then takes the plain path, which
   * reports such errors as usual); `busy` when too many files are being compressed already (the
   * caller compresses while streaming).
   */
  get(path: string, stat: Stats, noFollow: boolean): Promise<GzipBody | null | 'busy'> {
    const hit = this.entries.get(path);
    if (hit !== undefined && sameVersion(hit, stat)) {
      // Most recently used last: the budget evicts from the front.
      this.entries.delete(path);
      this.entries.set(path, hit);
      return Promise.resolve(hit);
    }
    const key = `${path}\0${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    let p = this.pending.get(key);
    if (p === undefined) {
      if (this.running >= MAX_CONCURRENT) return Promise.resolve('busy');
      this.running++;
      p = this.compress(path, stat, noFollow).finally(() => {
        this.running--;
        this.pending.delete(key);
      });
      this.pending.set(key, p);
    }
    return p;
  }

  private async compress(path: string, stat: Stats, noFollow: boolean): Promise<GzipBody | null> {
    let fh;
    try {
      fh = await open(path, openFlags(noFollow));
    } catch {
      return null;
    }
    let entry: GzipBody;
    try {
      const st = await fh.stat({ bigint: true });
      if (!st.isFile() || !sameIdentity(st, stat)) return null;
      const plain = await fh.readFile();
      entry = {
        body: Buffer.alloc(0),
        size: plain.length,
        mtimeUs: st.mtimeNs / 1000n,
        dev: Number(st.dev),
        ino: Number(st.ino),
      };
      if (!sameVersion(entry, stat)) return null;
      entry.body = await gzipAsync(plain, zlibOptions(this.level));
    } catch {
      return null;
    } finally {
      await fh.close().catch(() => undefined);
    }
    this.store(path, entry);
    return entry;
  }

  private store(path: string, entry: GzipBody): void {
    if (entry.body.length > this.maxBytes) return;
    const old = this.entries.get(path);
    if (old) {
      this.bytes -= old.body.length;
      this.entries.delete(path);
    }
    this.entries.set(path, entry);
    this.bytes += entry.body.length;
    while (this.bytes > this.maxBytes) {
      const oldest = this.entries.entries().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest[0]);
      this.bytes -= oldest[1].body.length;
    }
  }
}
