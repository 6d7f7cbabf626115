// Whether mod_deflate's DEFLATE filter would compress a response, decided before the head is
// written (deflate_out_filter's checks, in its order). The configuration says whether DEFLATE is
// in the chain at all; the rest depends on the request, so it runs per request — a few map
// lookups, skipped entirely when no access file names the filter.

import type { DeflateConfig } from '../htaccess/effective-config.js';

/**
 * Bodies shorter than this are passed on untouched, without even `Vary` (observed on Apache
 * 2.4.71: 68 bytes are sent as they are, 69 gzipped; a 304 has no body, so it is never touched).
 */
export const DEFLATE_MIN_BYTES = 69;

/** none: DEFLATE does nothing; vary: it only adds `Vary: Accept-Encoding`; gzip: it compresses. */
export type DeflatePlan = 'none' | 'vary' | 'gzip';

/** Is DEFLATE in the output filter chain for this file? (SetOutputFilter, by type, by extension) */
export function deflateInChain(cfg: DeflateConfig, fileName: string, contentType: string | null): boolean {
  if (cfg.all) return true;
  if (contentType !== null && cfg.types.size > 0) {
    if (cfg.types.has(contentType.split(';')[0]!.trim().toLowerCase())) return true;
  }
  if (cfg.extensions.size > 0) {
    // mod_mime looks at every extension of the name: `a.txt.gz` has txt and gz.
    const parts = fileName.toLowerCase().split('.');
    for (let i = 1; i < parts.length; i++) if (cfg.extensions.get(parts[i]!) === true) return true;
  }
  return false;
}

/**
 * Does the client take this content coding? Like Apache for gzip: the first token naming it
 * (case-insensitive) decides, and only a first parameter that spells q=0 (`q=0`, `q=0.0`, ...
 * `q=0.000`) refuses it; `*` and `x-gzip` do not count.
 */
export function acceptsCoding(acceptEncoding: string | undefined, coding: 'gzip' | 'br'): boolean {
  if (acceptEncoding === undefined) return false;
  for (const member of acceptEncoding.split(',')) {
    const [token, ...params] = member.split(';');
    if (token!.trim().toLowerCase() !== coding) continue;
    const q = (params[0] ?? '').trim();
    return !(q.length >= 3 && 'q=0.000'.startsWith(q));
  }
  return false;
}

export function deflatePlan(
  cfg: DeflateConfig | undefined,
  fileName: string,
  contentType: string | null,
  size: number,
  env: ReadonlyMap<string, string> | undefined,
  acceptEncoding: string | undefined,
): DeflatePlan {
  if (cfg === undefined || size < DEFLATE_MIN_BYTES || !deflateInChain(cfg, fileName, contentType)) return 'none';
  if (env?.has('no-gzip')) return 'none';
  if (env?.get('gzip-only-text/html') === '1' && !(contentType ?? '').startsWith('text/html')) return 'none';
  if (env?.has('force-gzip')) return 'gzip';
  return acceptsCoding(acceptEncoding, 'gzip') ? 'gzip' : 'vary';
}
