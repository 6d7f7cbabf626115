// Loads the access file of one directory: parsed and compiled once, cached by path, and
// revalidated with one stat per request (mtime, ctime, size and inode). An edit therefore
// takes effect on the next request; the only window is an edit that keeps size, inode and
// both timestamps identical within the filesystem's timestamp granularity.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { compileAccessFile } from './compile.js';
import { DEFAULT_MODULES, type ModuleSet } from './directives/modules.js';
import { fragmentBodies } from './merge.js';
import type { AllowOverride, ConfigError, DirFragment } from './types.js';
import type { DirWatchHub } from '../cache/dir-watch.js';
import { Freshness } from '../cache/fresh-cache.js';
import { PasswordFiles } from './password-files.js';

export type AccessFileLoad =
  | { kind: 'none' }
  | { kind: 'ok'; fragment: DirFragment }
  /** Present but unusable (unreadable, a directory, or the directory is not searchable): 403. */
  | { kind: 'unreadable'; file: string; code: string }
  /** Syntax error or disallowed directive: 500, logged as file:line. */
  | { kind: 'invalid'; error: ConfigError };

interface CacheEntry {
  key: string;
  result: AccessFileLoad;
  /** While fresh, the file is not even stat'ed (see DirWatchHub and cache.revalidate_ms). */
  freshness: Freshness | null;
}

function versionKey(st: { mtimeMs: number; ctimeMs: number; size: number; ino: number }): string {
  return `${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}`;
}

export class AccessFileCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** AuthUserFile/AuthGroupFile/AuthBearerTokenFile/AuthBearerJWKS named by any access file (scanned at start, or read since): never served. */
  readonly authFiles: PasswordFiles;

  constructor(
    private readonly fileName: string,
    private readonly allow: AllowOverride,
    private readonly maxEntries: number,
    /** Base for relative AuthUserFile/AuthGroupFile paths. */
    serverRoot: string,
    /** With a hub and revalidateMs > 0, a file checked recently in a directory with no change
     * since is reused without a stat (missing files too); 0 = one stat per use. */
    private readonly freshnessOf: ((dir: string) => Freshness) | null = null,
    /** `server.modules` (default: every module htserve implements). */
    private readonly modules: ModuleSet = DEFAULT_MODULES,
  ) {
    this.authFiles = new PasswordFiles(serverRoot);
  }

  static watched(hub: DirWatchHub, revalidateMs: number): ((dir: string) => Freshness) | null {
    return revalidateMs > 0 ? (dir) => Freshness.of(hub, [dir], revalidateMs) : null;
  }

  private rememberAuthFiles(frag: DirFragment): void {
    for (const body of fragmentBodies(frag)) {
      for (const f of [body.authUserFile, body.authGroupFile, body.bearer?.tokenFile, body.bearer?.jwks]) {
        if (f) void this.authFiles.note(f.value);
      }
    }
  }

  /** AllowOverride None: access files are not even opened (docs/apache-behaviour.md §4.1). */
  get enabled(): boolean {
    return this.allow.categories.size > 0;
  }

  async load(dir: string): Promise<AccessFileLoad> {
    const file = path.join(dir, this.fileName);
    const cached = this.entries.get(file);
    if (cached?.freshness?.isFresh(Date.now())) return cached.result;
    // Taken before the stat, so a change after it makes the entry stale.
    const freshness = this.freshnessOf?.(dir) ?? null;
    let st;
    try {
      st = await fs.stat(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        // Remember the absence too, so most requests do not pay for a thrown ENOENT.
        this.remember(file, { key: 'none', result: { kind: 'none' }, freshness });
        return { kind: 'none' };
      }
      this.entries.delete(file);
      return { kind: 'unreadable', file, code };
    }
    if (!st.isFile()) return { kind: 'unreadable', file, code: 'EISDIR' };
    const key = versionKey(st);
    if (cached && cached.key === key) {
      cached.freshness = freshness;
      // refresh LRU position
      this.entries.delete(file);
      this.entries.set(file, cached);
      return cached.result;
    }
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      return { kind: 'unreadable', file, code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
    }
    const compiled = compileAccessFile(text, file, this.allow, { modules: this.modules });
    if (compiled.kind === 'ok') this.rememberAuthFiles(compiled.fragment);
    const result: AccessFileLoad =
      compiled.kind === 'ok' ? { kind: 'ok', fragment: compiled.fragment } : { kind: 'invalid', error: compiled.error };
    this.remember(file, { key, result, freshness });
    return result;
  }

  private remember(file: string, entry: CacheEntry): void {
    this.entries.delete(file);
    this.entries.set(file, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
