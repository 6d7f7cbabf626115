// Content-Type for a file: ForceType, else AddType / mime table; AddDefaultCharset applies only
// to text/plain and text/html, as in Apache.
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { MimeTable } from '../respond/mime.js';

/**
 * Answers per table, configuration object and file name: all the answer depends on (a table is
 * fixed at start-up, and a configuration object is replaced, never changed, when its access files
 * change). Few names per configuration are served; bounded all the same.
 */
const byTable = new WeakMap<MimeTable, WeakMap<EffectiveConfig, Map<string, string | null>>>();
const NAMES_PER_CONFIG = 256;

export function contentTypeFor(fileName: string, cfg: EffectiveConfig, mime: MimeTable): string | null {
  let known = byTable.get(mime);
  if (known === undefined) byTable.set(mime, (known = new WeakMap()));
  let names = known.get(cfg);
  const hit = names?.get(fileName);
  if (hit !== undefined) return hit;
  const type = computeContentType(fileName, cfg, mime);
  if (names === undefined) known.set(cfg, (names = new Map<string, string | null>()));
  if (names.size >= NAMES_PER_CONFIG) names.clear();
  names.set(fileName, type);
  return type;
}

function computeContentType(fileName: string, cfg: EffectiveConfig, mime: MimeTable): string | null {
  const type = cfg.forceType ?? mime.lookup(fileName, cfg.addTypes);
  return type === null ? null : withDefaultCharset(type, cfg);
}

/** AddDefaultCharset, added when the response is written: any text/plain or text/html without one. */
export function withDefaultCharset(type: string, cfg: EffectiveConfig): string {
  if (cfg.defaultCharset && /^text\/(plain|html)$/i.test(type) && !/;\s*charset=/i.test(type)) {
    return `${type}; charset=${cfg.defaultCharset}`;
  }
  return type;
}
