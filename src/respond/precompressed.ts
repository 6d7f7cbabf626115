// Precompressed siblings (`[compression] precompressed = br, gz`): `style.css.br` or
// `style.css.gz` next to `style.css` is sent instead of compressing, when the client accepts that
// coding. Apache sites do this with mod_rewrite recipes (README, "Caching and compression").
// A sibling must be a regular file (no symlink) at least as new as its original: an older one is
// stale and ignored. Costs one lstat per configured coding, only when the setting is on.

import { lstat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { acceptsCoding } from './deflate-plan.js';

export type PrecompressedExt = 'br' | 'gz';

export interface Sibling {
  path: string;
  stat: Stats;
  /** The Content-Encoding it is sent with. */
  coding: 'br' | 'gzip';
}

export interface SiblingChoice {
  /** The sibling to send, if one exists and is accepted. */
  sibling: Sibling | null;
  /** Some usable sibling exists: the answer depends on Accept-Encoding. */
  vary: boolean;
}

const CODING: Readonly<Record<PrecompressedExt, 'br' | 'gzip'>> = { br: 'br', gz: 'gzip' };

async function usable(path: string, original: Stats): Promise<Stats | null> {
  try {
    const st = await lstat(path);
    return st.isFile() && st.mtimeMs >= original.mtimeMs ? st : null;
  } catch {
    return null;
  }
}

export async function choosePrecompressed(
  path: string,
  original: Stats,
  exts: readonly PrecompressedExt[],
  acceptEncoding: string | undefined,
): Promise<SiblingChoice> {
  let vary = false;
  for (const ext of exts) {
    const siblingPath = `${path}.${ext}`;
    const st = await usable(siblingPath, original);
    if (st === null) continue;
    vary = true;
    if (acceptsCoding(acceptEncoding, CODING[ext])) {
      return { sibling: { path: siblingPath, stat: st, coding: CODING[ext] }, vary };
    }
  }
  return { sibling: null, vary };
}
