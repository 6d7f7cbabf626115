// Content-Type for a file: ForceType, else AddType / mime table; AddDefaultCharset applies only
// to text/plain and text/html, as in Apache.
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { MimeTable } from '../respond/mime.js';

export function contentTypeFor(fileName: string, cfg: EffectiveConfig, mime: MimeTable): string | null {
  const type = cfg.forceType ?? mime.lookup(fileName, cfg.addTypes);
  if (type === null) return null;
  if (cfg.defaultCharset && /^text\/(plain|html)$/i.test(type) && !/;\s*charset=/i.test(type)) {
    return `${type}; charset=${cfg.defaultCharset}`;
  }
  return type;
}
