// The file a response sends must be the file the walk checked: the walk lstat()s and decides
// (symlinks, owners, access files on the way), the sender opens by path later, and the plan that
// carries the walk's stat may be cached. So the last component is opened with O_NOFOLLOW where
// symlinks are refused, and the opened descriptor's dev/ino must equal the walk's.
import { constants, type Stats } from 'node:fs';

/**
 * The file on disk is no longer the one the walk checked (`stat`): a symlink where symlinks are
 * refused, another inode (dev/ino differ: swapped, renamed over, or reached through a swapped
 * directory), or gone. Thrown before anything is written; the server decides again once
 * (src/server/http-server.ts). Never answered with the bytes of the other file.
 */
export class FileChangedError extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
    /** The open's errno code, or ESTALE when another file opened. */
    readonly code: string,
  ) {
    super(`${path}: ${why}`);
  }
}

/** Open errors that mean the path now names something else than what the walk saw. */
export const CHANGED_CODES = new Set(['ELOOP', 'ENOENT', 'ENOTDIR', 'EACCES', 'EPERM']);

/** O_NONBLOCK: a FIFO swapped in for the file must not hang the open. */
export function openFlags(noFollow: boolean | undefined): number {
  return constants.O_RDONLY | constants.O_NONBLOCK | (noFollow ? constants.O_NOFOLLOW : 0);
}

/** Same file as the walk's stat? (bigint fstat; a plain Stats holds the same numbers, rounded alike) */
export function sameIdentity(st: { dev: bigint; ino: bigint }, seen: Stats): boolean {
  return Number(st.dev) === seen.dev && Number(st.ino) === seen.ino;
}
