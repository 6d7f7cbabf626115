// Loads the access file of one directory: parsed and compiled once, cached by path, and
// revalidated with one stat per request (mtime, ctime, size and inode). An edit therefore
// takes effect on the next request; the only window is an edit that keeps size, inode and
// both timestamps identical within the filesystem's timestamp granularity.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { compileAccessFile } from './compile.js';
import { fragmentBodies } from './merge.js';
import type { AllowOverride, ConfigError, DirFragment } from './types.js';

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
}

function versionKey(st: { mtimeMs: number; ctimeMs: number; size: number; ino: number }): string {
  return `${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}`;
}

export class AccessFileCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** AuthUserFile/AuthGroupFile paths named by any access file read so far: never served. */
  readonly authFiles = new Set<string>();

  constructor(
    private readonly fileName: string,
    private readonly allow: AllowOverride,
    private readonly maxEntries: number,
    /** Base for relative AuthUserFile/AuthGroupFile paths. */
    private readonly serverRoot: string,
  ) {}

  private rememberAuthFiles(frag: DirFragment): void {
    for (const body of fragmentBodies(frag)) {
      for (const f of [body.authUserFile, body.authGroupFile]) {
        if (f) this.authFiles.add(path.resolve(this.serverRoot, f.value));
      }
    }
  }

  /** AllowOverride None: access files are not even opened (docs/apache-behaviour.md §4.1). */
  get enabled(): boolean {
    return this.allow.categories.size > 0;
  }

  async load(dir: string): Promise<AccessFileLoad> {
    const file = path.join(dir, this.fileName);
    let st;
    try {
      st = await fs.stat(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      this.entries.delete(file);
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'none' };
      return { kind: 'unreadable', file, code };
    }
    if (!st.isFile()) return { kind: 'unreadable', file, code: 'EISDIR' };
    const key = versionKey(st);
    const cached = this.entries.get(file);
    if (cached && cached.key === key) {
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
    const compiled = compileAccessFile(text, file, this.allow);
    if (compiled.kind === 'ok') this.rememberAuthFiles(compiled.fragment);
    const result: AccessFileLoad =
      compiled.kind === 'ok' ? { kind: 'ok', fragment: compiled.fragment } : { kind: 'invalid', error: compiled.error };
    this.entries.set(file, { key, result });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return result;
  }
}
