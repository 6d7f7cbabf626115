// Change notification for the directories that cached answers depend on. Each directory gets one
// fs.watch (inotify on Linux: it reports creates, deletes, renames, writes and chmods of the
// directory's own entries, and of the directory itself); every event bumps the directory's
// version, and a cached answer records the versions it was computed under (see freshness.ts).
// Watching is best effort — a directory the server user cannot read, a file system without
// notifications, or the bound below — so every cached answer also expires after
// `cache.revalidate_ms`: that is the documented worst case, watchers only make it shorter.
import { watch, type FSWatcher } from 'node:fs';

export class DirWatch {
  /** Bumped on every change seen in the directory (and when the watch ends). */
  version = 0;
  constructor(
    readonly dir: string,
    /** false: no watcher (disabled, refused, or over the bound): only expiry applies. */
    readonly watched: boolean,
  ) {}
}

type ChangeListener = (dir: string, name: string | null) => void;

export class DirWatchHub {
  private readonly watches = new Map<string, { watch: DirWatch; watcher: FSWatcher | null }>();
  private readonly listeners = new Set<ChangeListener>();
  private closed = false;
  /** Every change seen anywhere; a computation that overlapped one is not cached (it may be torn). */
  events = 0;

  constructor(
    private readonly enabled: boolean,
    /** Most live watchers; the oldest is closed (and its dependents invalidated) beyond it. */
    private readonly maxWatched: number,
  ) {}

  /** The watch for `dir`, started on first use. */
  get(dir: string): DirWatch {
    const known = this.watches.get(dir);
    if (known) return known.watch;
    if (!this.enabled || this.closed || this.maxWatched === 0) return this.remember(dir, null);
    let watcher: FSWatcher;
    try {
      // persistent: false — watchers never keep the process alive.
      watcher = watch(dir, { persistent: false });
    } catch {
      return this.remember(dir, null);
    }
    const entry = this.remember(dir, watcher);
    watcher.on('change', (_event, name) => {
      entry.version++;
      this.notify(dir, typeof name === 'string' ? name : null);
    });
    // The directory went away or the watch broke: everything that depended on it is stale.
    watcher.on('error', () => this.drop(dir));
    while (this.liveCount() > this.maxWatched) {
      const oldest = this.watches.keys().next().value;
      if (oldest === undefined || oldest === dir) break;
      this.drop(oldest);
    }
    return entry;
  }

  /**
   * Treat `dir` as changed (as if its watcher had fired): used when the server itself finds that
   * the disk no longer matches a cached answer (src/server/http-server.ts, a file swapped after
   * its walk). A directory not known here has no cached answer to invalidate.
   */
  touch(dir: string): void {
    const known = this.watches.get(dir);
    if (!known) return;
    known.watch.version++;
    this.notify(dir, null);
  }

  /** Called with (directory, entry name) for every change seen, e.g. to drop parsed htpasswd files. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many directories are watched right now (for tests and the debug log). */
  liveCount(): number {
    let n = 0;
    for (const e of this.watches.values()) if (e.watcher) n++;
    return n;
  }

  close(): void {
    this.closed = true;
    for (const dir of [...this.watches.keys()]) this.drop(dir);
  }

  private remember(dir: string, watcher: FSWatcher | null): DirWatch {
    const w = new DirWatch(dir, watcher !== null);
    this.watches.set(dir, { watch: w, watcher });
    // Unwatched entries are only markers; keep their number bounded too.
    if (!watcher && this.watches.size > Math.max(this.maxWatched, 1024) * 2) {
      const oldest = this.watches.keys().next().value;
      if (oldest !== undefined && oldest !== dir) this.drop(oldest);
    }
    return w;
  }

  private drop(dir: string): void {
    const entry = this.watches.get(dir);
    if (!entry) return;
    this.watches.delete(dir);
    entry.watch.version++;
    entry.watcher?.close();
    this.notify(dir, null);
  }

  private notify(dir: string, name: string | null): void {
    this.events++;
    for (const l of this.listeners) l(dir, name);
  }
}
