// Fixture trees in temp directories, traversable by the unprivileged user the server drops to
// (mkdtemp makes 0700 folders, which would turn every request into a 403).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type FixtureEntry =
  | string
  | { content: string | Buffer; mode?: number; mtime?: Date }
  | { dir: true; mode?: number }
  | { symlink: string };

/** Build `{ 'a/b.txt': 'x', 'd': { dir: true, mode: 0o700 }, 'l': { symlink: '/etc/hostname' } }`. */
export async function makeTree(entries: Record<string, FixtureEntry>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'htserve-test-'));
  await fs.chmod(root, 0o755);
  const modes: Array<[string, number]> = [];
  for (const [rel, entry] of Object.entries(entries)) {
    const full = path.join(root, rel);
    await mkdirs(root, path.dirname(full));
    if (typeof entry === 'string') {
      await fs.writeFile(full, entry);
      await fs.chmod(full, 0o644);
    } else if ('content' in entry) {
      await fs.writeFile(full, entry.content);
      modes.push([full, entry.mode ?? 0o644]);
      if (entry.mtime) await fs.utimes(full, entry.mtime, entry.mtime);
    } else if ('dir' in entry) {
      await mkdirs(root, full);
      if (entry.mode !== undefined) modes.push([full, entry.mode]);
    } else {
      await fs.symlink(entry.symlink, full);
    }
  }
  // modes last, deepest first, so restrictive directories don't block building the tree
  modes.sort((a, b) => b[0].length - a[0].length);
  for (const [p, m] of modes) await fs.chmod(p, m);
  return root;
}

async function mkdirs(root: string, dir: string): Promise<void> {
  const rel = path.relative(root, dir);
  if (rel === '' || rel.startsWith('..')) return;
  let cur = root;
  for (const part of rel.split(path.sep)) {
    cur = path.join(cur, part);
    try {
      await fs.mkdir(cur);
      await fs.chmod(cur, 0o755);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

export async function removeTree(root: string): Promise<void> {
  await fs.rm(root, { recursive: true, force: true });
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
