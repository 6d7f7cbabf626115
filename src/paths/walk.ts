// The directory walk (docs/apache-behaviour.md §1.2, §2, §10): from the document root down to the target,
// level by level — load that directory's access file and merge it, then check the next path
// component (search permission, symlink policy under the options now in force).
// Errors here end the request at once: 500 for a broken access file, 403 for the rest.
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { AccessFileCache } from '../htaccess/access-file-cache.js';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import { mergeAccessFile } from '../htaccess/merge.js';
import type { ConfigError } from '../htaccess/types.js';

/**
 * `noFollow`: symlinks are refused for the last component (no FollowSymLinks, or
 * SymLinksIfOwnerMatch) and the walk found none there, so the file is opened with O_NOFOLLOW.
 * Whatever it says, the sender checks that the opened file is the one `stat` describes.
 */
export type WalkTarget =
  | { kind: 'file'; path: string; stat: Stats; name: string; noFollow: boolean }
  | { kind: 'dir'; path: string; stat: Stats; name: string | null }
  /** First missing component (the rest, if any, would be path-info). */
  | { kind: 'missing'; path: string; name: string }
  /** A file followed by more path (or a trailing slash): static files reject path-info. */
  | { kind: 'path-info'; path: string; stat: Stats; name: string; pathInfo: string; noFollow: boolean };

export type WalkFailure =
  { status: 500; reason: string; error: ConfigError } | { status: 403; reason: string; file: string; code: string };

export interface WalkResult {
  config: EffectiveConfig;
  target: WalkTarget | null;
  failure: WalkFailure | null;
  /** Human-readable steps for the Decision's explanation. */
  steps: string[];
  /** Every directory the walk looked into: a change in any of them can change this result. */
  dirs: string[];
}

export interface WalkInput {
  root: string;
  segments: readonly string[];
  trailingSlash: boolean;
  base: EffectiveConfig;
  accessFiles: AccessFileCache;
  /** Told about each directory before it is read (the plan cache starts its watcher here). */
  visit?: ((dir: string) => void) | undefined;
}

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'EIO';
}

/** May the symlink at `linkPath` be followed under `config.options`? */
/** Is a symlink at this level refused, or only followed after an owner check? */
export function refusesSymlinks(config: EffectiveConfig): boolean {
  return !config.options.has('FollowSymLinks') || config.options.has('SymLinksIfOwnerMatch');
}

async function symlinkAllowed(
  config: EffectiveConfig,
  linkPath: string,
  linkStat: Stats,
): Promise<{ ok: true; stat: Stats } | { ok: false; code: string; why: string }> {
  const follow = config.options.has('FollowSymLinks');
  const ifOwner = config.options.has('SymLinksIfOwnerMatch');
  if (!follow && !ifOwner)
    return { ok: false, code: 'SYMLINK', why: 'symbolic link not allowed (Options without FollowSymLinks)' };
  let target: Stats;
  try {
    target = await fs.stat(linkPath);
  } catch (e) {
    return { ok: false, code: 'SYMLINK', why: `symbolic link target not accessible (${errCode(e)})` };
  }
  // SymLinksIfOwnerMatch wins over FollowSymLinks when both are on (docs/apache-behaviour.md §10.1)
  if (ifOwner && target.uid !== linkStat.uid) {
    return { ok: false, code: 'SYMLINK', why: 'symbolic link owner does not match its target (SymLinksIfOwnerMatch)' };
  }
  return { ok: true, stat: target };
}

export async function walk(input: WalkInput): Promise<WalkResult> {
  const steps: string[] = [];
  const dirs: string[] = [];
  let config = input.base;
  let dir = input.root;
  const segs = input.segments;

  for (let i = 0; ; i++) {
    input.visit?.(dir);
    dirs.push(dir);
    if (input.accessFiles.enabled) {
      const loaded = await input.accessFiles.load(dir);
      if (loaded.kind === 'invalid') {
        steps.push(`${loaded.error.file}:${loaded.error.line}: ${loaded.error.message}`);
        return {
          config,
          target: null,
          failure: { status: 500, reason: 'broken access file', error: loaded.error },
          steps,
          dirs,
        };
      }
      if (loaded.kind === 'unreadable') {
        steps.push(`${loaded.file}: cannot be read (${loaded.code})`);
        return {
          config,
          target: null,
          steps,
          dirs,
          failure: {
            status: 403,
            reason: `access file cannot be checked (${loaded.code}); ensure it is readable and that '${dir}/' is searchable`,
            file: loaded.file,
            code: loaded.code,
          },
        };
      }
      if (loaded.kind === 'ok') {
        steps.push(`read ${loaded.fragment.source}`);
        config = mergeAccessFile(config, loaded.fragment);
      }
    }
    if (i === segs.length) {
      const st = await fs.stat(dir);
      // Named without its trailing slash, a directory's own name may still match <Files>.
      const name = input.trailingSlash || segs.length === 0 ? null : segs[segs.length - 1]!;
      return { config, target: { kind: 'dir', path: dir, stat: st, name }, failure: null, steps, dirs };
    }
    const name = segs[i]!;
    const child = path.join(dir, name);
    let lst: Stats;
    try {
      lst = await fs.lstat(child);
    } catch (e) {
      const code = errCode(e);
      // A name longer than the filesystem allows is refused, not missing (Apache: 403).
      if (code === 'ENOENT') {
        return { config, target: { kind: 'missing', path: child, name }, failure: null, steps, dirs };
      }
      steps.push(`${dir}: not searchable (${code})`);
      return {
        config,
        target: null,
        steps,
        dirs,
        failure: { status: 403, reason: `path component not searchable (${code})`, file: child, code },
      };
    }
    let st = lst;
    if (lst.isSymbolicLink()) {
      const allowed = await symlinkAllowed(config, child, lst);
      if (!allowed.ok) {
        steps.push(`${child}: ${allowed.why}`);
        return {
          config,
          target: null,
          steps,
          dirs,
          failure: { status: 403, reason: allowed.why, file: child, code: allowed.code },
        };
      }
      st = allowed.stat;
    }
    const last = i === segs.length - 1;
    const noFollow = st === lst && refusesSymlinks(config);
    if (st.isDirectory()) {
      dir = child;
      continue;
    }
    if (!last || input.trailingSlash) {
      const pathInfo = '/' + segs.slice(i + 1).join('/') + (input.trailingSlash && i + 1 < segs.length ? '/' : '');
      return {
        config,
        target: { kind: 'path-info', path: child, stat: st, name, pathInfo, noFollow },
        failure: null,
        steps,
        dirs,
      };
    }
    return { config, target: { kind: 'file', path: child, stat: st, name, noFollow }, failure: null, steps, dirs };
  }
}
