// A cache of parsed files (htpasswd, group files) keyed by absolute path.
//
// Invalidation: by default (revalidateMs 0) every get() costs one fs.promises.stat(); the parsed
// value is reused only while the file's (mtimeMs, size, inode) are unchanged, otherwise the file
// is re-read and re-parsed. So there is no staleness beyond one stat per use, with one exception:
// an edit that keeps the same inode, the same size and the same mtime (two writes within the
// filesystem's timestamp granularity, or a tool that restores the mtime) goes unnoticed until the
// next real change. Atomic replacement (write temp + rename, as `htserve passwd` does) changes
// the inode, so it is always seen. Errors are never cached: a missing file is stat'ed again on
// the next use. Bounded: at most `maxEntries` files (least recently used evicted).
//
// With revalidateMs > 0, an entry validated (read, or stat'ed unchanged) less than revalidateMs
// ago is reused without a stat: an edit may then go unseen for up to revalidateMs, unless
// invalidate(file) is called (e.g. by a file watcher), which makes the next get() stat again.

import { promises as fs } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeBytes } from '../text/decode-bytes.js';
import { LruMap } from './lru.js';

export type FileLoad<T> =
  | { kind: 'ok'; value: T }
  /** code: the errno code (ENOENT, EACCES, ENOTDIR, EISDIR…), or ENOTREG / EFBIG (see below). */
  | { kind: 'error'; code: string; message: string };

/** Access files are small; refuse to slurp something huge (or a device) named by mistake. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

interface Signature {
  mtimeMs: number;
  size: number;
  ino: number;
}

interface Cached<T> {
  signature: Signature;
  value: T;
  /** performance.now() when the signature was last confirmed; -Infinity = stat before reuse. */
  checkedAt: number;
}

export interface ParsedFileCacheOptions {
  /**
   * An entry validated less than this many milliseconds ago is reused without a stat. Default 0:
   * stat on every use.
   */
  revalidateMs?: number;
}

const sameSignature = (a: Signature, b: Signature): boolean =>
  a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;

export class ParsedFileCache<T> {
  private readonly entries: LruMap<string, Cached<T>>;
  /** Loads in progress, so concurrent requests after an edit read the file once. */
  private readonly loading = new Map<string, Promise<FileLoad<T>>>();
  private readonly revalidateMs: number;
  /** Bumped by invalidate(): a load that started before an invalidation is not trusted without a stat. */
  private invalidations = 0;

  constructor(
    private readonly parse: (text: string, file: string) => T,
    maxEntries = 256,
    options: ParsedFileCacheOptions = {},
  ) {
    this.entries = new LruMap(maxEntries);
    this.revalidateMs = options.revalidateMs ?? 0;
    if (!(this.revalidateMs >= 0)) throw new RangeError('revalidateMs must be 0 or more');
  }

  /** Forget what is known about `path` (absolute or relative to the cwd): the next get() stats it. */
  invalidate(path: string): void {
    this.invalidations++;
    this.entries.delete(resolve(path));
  }

  /** The parsed value if it may be reused right now without a stat (revalidateMs > 0), else undefined. */
  peekFresh(path: string): T | undefined {
    if (this.revalidateMs <= 0) return undefined;
    const fresh = this.entries.get(path);
    return fresh && performance.now() - fresh.checkedAt < this.revalidateMs ? fresh.value : undefined;
  }

  async get(path: string): Promise<FileLoad<T>> {
    // Callers pass absolute paths (already resolved against ServerRoot): skip the work then.
    const file = isAbsolute(path) && !path.includes('/.') && !path.includes('//') ? path : resolve(path);
    if (this.revalidateMs > 0) {
      const fresh = this.entries.get(file);
      if (fresh && performance.now() - fresh.checkedAt < this.revalidateMs) return { kind: 'ok', value: fresh.value };
    }
    const statStarted = performance.now();
    const invalidationsBefore = this.invalidations;
    let stats;
    try {
      stats = await fs.stat(file);
    } catch (err) {
      return failure(file, err);
    }
    if (stats.isDirectory()) return { kind: 'error', code: 'EISDIR', message: `${file} is a directory` };
    if (!stats.isFile()) return { kind: 'error', code: 'ENOTREG', message: `${file} is not a regular file` };

    const cached = this.entries.get(file);
    if (cached && sameSignature(cached.signature, stats)) {
      if (this.invalidations === invalidationsBefore) cached.checkedAt = Math.max(cached.checkedAt, statStarted);
      return { kind: 'ok', value: cached.value };
    }

    const key = `${file}\0${stats.ino}\0${stats.size}\0${stats.mtimeMs}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(file).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(file: string): Promise<FileLoad<T>> {
    const invalidationsBefore = this.invalidations;
    const started = performance.now();
    let handle;
    try {
      handle = await fs.open(file, 'r');
      // Signature and content from the same open file, so they always belong together.
      const stats = await handle.stat();
      if (!stats.isFile()) return { kind: 'error', code: 'ENOTREG', message: `${file} is not a regular file` };
      if (stats.size > MAX_FILE_BYTES) {
        return { kind: 'error', code: 'EFBIG', message: `${file} is larger than ${MAX_FILE_BYTES} bytes` };
      }
      const bytes = await handle.readFile();
      const value = this.parse(decodeBytes(bytes), file);
      // Read before an invalidate() that arrived meanwhile: keep it, but stat before reusing it.
      const checkedAt = this.invalidations === invalidationsBefore ? started : Number.NEGATIVE_INFINITY;
      const signature = { mtimeMs: stats.mtimeMs, size: stats.size, ino: stats.ino };
      this.entries.set(file, { signature, value, checkedAt });
      return { kind: 'ok', value };
    } catch (err) {
      return failure(file, err);
    } finally {
      await handle?.close();
    }
  }
}

function failure(file: string, err: unknown): FileLoad<never> {
  const code = (err as NodeJS.ErrnoException | null)?.code ?? 'EIO';
  const reason = err instanceof Error ? err.message : String(err);
  return { kind: 'error', code, message: `cannot read ${file}: ${reason}` };
}
