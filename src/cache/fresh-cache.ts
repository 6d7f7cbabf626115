// A bounded cache of answers that depend on directories: each value remembers the versions of
// the DirWatches it was computed under and when its computation ended. It is reused while none of
// those directories changed AND it is younger than `revalidateMs`. Worst-case staleness, when no
// watcher sees a change: revalidateMs plus the time the computation took (a change a watcher does
// see during the computation keeps the value out of the cache). Concurrent misses for one key
// share one computation.
import type { DirWatch, DirWatchHub } from './dir-watch.js';

/** The directories an answer was computed from, and their versions at that time. */
export class Freshness {
  private readonly versions: number[];

  constructor(
    private readonly watches: readonly DirWatch[],
    readonly expiresAt: number,
  ) {
    this.versions = watches.map((w) => w.version);
  }

  static of(hub: DirWatchHub, dirs: Iterable<string>, revalidateMs: number, now = Date.now()): Freshness {
    const seen = new Set<string>();
    const watches: DirWatch[] = [];
    for (const d of dirs) {
      if (seen.has(d)) continue;
      seen.add(d);
      watches.push(hub.get(d));
    }
    return new Freshness(watches, now + revalidateMs);
  }

  isFresh(now: number): boolean {
    if (now >= this.expiresAt) return false;
    const w = this.watches;
    for (let i = 0; i < w.length; i++) if (w[i]!.version !== this.versions[i]) return false;
    return true;
  }

  /** The directories behind it (to combine several answers into one, e.g. a listing). */
  get dirs(): readonly string[] {
    return this.watches.map((w) => w.dir);
  }
}

export interface Computed<T> {
  value: T;
  /** Directories whose change makes `value` stale. */
  dirs: Iterable<string>;
  /** false: do not keep it (e.g. an I/O error that may be transient). */
  cacheable?: boolean;
}

interface Entry<T> {
  value: T;
  freshness: Freshness;
}

export class FreshCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly pending = new Map<string, Promise<T>>();

  constructor(
    private readonly hub: DirWatchHub,
    /** 0 disables caching altogether (every lookup computes). */
    private readonly revalidateMs: number,
    private readonly maxEntries: number,
  ) {}

  get enabled(): boolean {
    return this.revalidateMs > 0 && this.maxEntries > 0;
  }

  /** A fresh cached value, or undefined. */
  peek(key: string, now = Date.now()): T | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.freshness.isFresh(now)) return e.value;
    this.entries.delete(key);
    return undefined;
  }

  async get(key: string, compute: () => Promise<Computed<T>>): Promise<T> {
    if (!this.enabled) return (await compute()).value;
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const eventsBefore = this.hub.events;
    const p = compute().then(
      (c) => {
        this.pending.delete(key);
        // A change seen while computing may or may not be in the value: do not keep it.
        const torn = this.hub.events !== eventsBefore;
        if (c.cacheable !== false && !torn) this.store(key, c.value, this.freshness(c.dirs));
        return c.value;
      },
      (e: unknown) => {
        this.pending.delete(key);
        throw e;
      },
    );
    this.pending.set(key, p);
    return p;
  }

  /** Store with an explicit freshness (e.g. the union of the parts of a listing). */
  store(key: string, value: T, freshness: Freshness): void {
    if (!this.enabled) return;
    this.entries.delete(key);
    this.entries.set(key, { value, freshness });
    // Oldest first: entries also expire, so insertion order is close enough to LRU here.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  freshness(dirs: Iterable<string>, now = Date.now()): Freshness {
    return Freshness.of(this.hub, dirs, this.revalidateMs, now);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
