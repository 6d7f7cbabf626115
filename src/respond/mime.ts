// Content-Type lookup with Apache mod_mime semantics (docs/apache-behaviour.md §13): every extension of a
// multi-extension name is considered, the last one that maps to a type wins, matching is
// case-insensitive, and an unknown name has NO type at all (Apache then omits Content-Type).

import { readFile } from 'node:fs/promises';

/** Built-in table (type -> extensions), aligned with Debian's /etc/mime.types so htserve
 * answers like the Apache it is compared against even without a types file. */
const BUILTIN_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['text/html', 'html htm shtml'],
  ['text/css', 'css'],
  ['text/javascript', 'js mjs es'],
  ['text/plain', 'txt text'],
  ['text/csv', 'csv'],
  ['text/markdown', 'md markdown'],
  ['text/calendar', 'ics ifb'],
  ['application/json', 'json map'],
  ['application/xml', 'xml xsl'],
  ['application/pdf', 'pdf'],
  ['application/zip', 'zip'],
  ['application/gzip', 'gz'],
  ['application/x-gtar-compressed', 'tgz'],
  ['application/x-tar', 'tar'],
  ['application/x-bzip2', 'bz2'],
  ['application/x-xz', 'xz'],
  ['application/wasm', 'wasm'],
  ['application/rss+xml', 'rss'],
  ['application/atom+xml', 'atom'],
  ['application/manifest+json', 'webmanifest'],
  ['image/png', 'png'],
  ['image/jpeg', 'jpg jpeg jpe'],
  ['image/gif', 'gif'],
  ['image/webp', 'webp'],
  ['image/avif', 'avif'],
  ['image/svg+xml', 'svg svgz'],
  ['image/vnd.microsoft.icon', 'ico'],
  ['image/bmp', 'bmp'],
  ['image/tiff', 'tif tiff'],
  ['font/woff', 'woff'],
  ['font/woff2', 'woff2'],
  ['font/ttf', 'ttf'],
  ['font/otf', 'otf'],
  ['audio/mpeg', 'mp3 mpga'],
  ['audio/ogg', 'ogg oga opus'],
  ['audio/x-wav', 'wav'],
  ['audio/flac', 'flac'],
  ['audio/mp4', 'm4a'],
  ['video/mp4', 'mp4 m4v'],
  ['video/webm', 'webm'],
  ['video/ogg', 'ogv'],
  ['video/quicktime', 'mov'],
];

function builtinMap(): Map<string, string> {
  const map = new Map<string, string>();
  for (const [type, exts] of BUILTIN_TYPES) {
    for (const ext of exts.split(' ')) map.set(ext, type);
  }
  return map;
}

/** Parse the text of an Apache/Debian `mime.types` file into `ext -> type`.
 * Lines are `type ext1 ext2 …`; `#` starts a comment line; later lines override earlier ones
 * (as Apache's hash insert does). Extensions are lower-cased. */
export function parseMimeTypes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [type, ...exts] = line.split(/\s+/);
    if (type === undefined || !type.includes('/')) continue;
    for (const ext of exts) {
      const key = ext.replace(/^\./, '').toLowerCase();
      if (key !== '') map.set(key, type);
    }
  }
  return map;
}

export class MimeTable {
  private readonly byExtension: ReadonlyMap<string, string>;

  /** The built-in table, optionally overlaid with `ext -> type` entries (e.g. from a file). */
  constructor(overlay?: ReadonlyMap<string, string>) {
    const map = builtinMap();
    if (overlay) for (const [ext, type] of overlay) map.set(ext.toLowerCase(), type);
    this.byExtension = map;
  }

  /** Built-in table plus the entries of a mime.types file (file wins). null → built-in only.
   * Rejects when the file cannot be read, so a typo in the config is a startup error. */
  static async withTypesFile(path: string | null): Promise<MimeTable> {
    if (path === null) return new MimeTable();
    const text = await readFile(path, 'utf8');
    return new MimeTable(parseMimeTypes(text));
  }

  /**
   * Media type for a file name (a path is fine: only the last segment counts), or null.
   * `addTypes` are per-directory `AddType` mappings (lower-case extension without the dot ->
   * type); for the same extension they beat the table, as in mod_mime.
   */
  lookup(fileName: string, addTypes?: ReadonlyMap<string, string>): string | null {
    const base = fileName.slice(fileName.lastIndexOf('/') + 1);
    // Apache skips the part before the first dot (the base name), and leading dots belong to
    // it: ".txt" and "..html" have no extension at all (observed on Apache 2.4).
    const extensions = base.replace(/^\.+/, '').split('.').slice(1);
    let found: string | null = null;
    for (const rawExt of extensions) {
      if (rawExt === '') continue;
      const ext = rawExt.toLowerCase();
      const added = addTypes?.get(ext);
      if (added === '') continue; // RemoveType
      const type = added ?? this.byExtension.get(ext);
      if (type !== undefined) found = type;
    }
    return found;
  }
}

/** `text/*` gets `; charset=…` when a default charset is configured (and none is present). */
export function withCharset(type: string, charset: string | null): string {
  if (charset === null || charset === '') return type;
  if (!/^text\//i.test(type) || /;\s*charset=/i.test(type)) return type;
  return `${type}; charset=${charset}`;
}
