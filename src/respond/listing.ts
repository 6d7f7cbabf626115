// Directory listing in Apache mod_autoindex's plain format (docs/apache-behaviour.md §11.4, compiled defaults): the
// same document, order, links and escaping, so clients and tests that read Apache's listing
// read ours. htserve adds one thing inside each <li>: a <span> with size and date after the
// link, leaving Apache's structure intact.

import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { ListingEntry, ListingInsert } from '../decision.js';
import { escapeHtml, hrefFor } from './html-escape.js';

/** Names are UTF-8 on our side, so say so (Apache says ISO-8859-1 and sends raw bytes). */
export const LISTING_CONTENT_TYPE = 'text/html;charset=UTF-8';

/** `name` is the file name as read from the directory (no trailing slash). */
export type { ListingEntry } from '../decision.js';

export type ListingColumn = 'N' | 'M' | 'S' | 'D';

export interface ListingOrder {
  column: ListingColumn;
  descending: boolean;
  /** `F=0|1|2`: 0 plain, 1 fancy, 2 table (null: as configured). */
  format?: '0' | '1' | '2' | null;
  /** `V=0|1`: version sort off/on (null: as configured). */
  versionSort?: boolean | null;
}

/** What the IndexOptions / IndexIgnore / IndexOrderDefault in force change on the page. */
export interface ListingOptions {
  /** FancyIndexing or HTMLTable: sizes and dates take part in sorting, FoldersFirst applies. */
  fancy: boolean;
  foldersFirst: boolean;
  ignoreCase: boolean;
  versionSort: boolean;
  /** IgnoreClient: the query string does not change the order. */
  ignoreClient: boolean;
  /** IndexIgnore hides ".." (e.g. `IndexIgnore *` or `IndexIgnore ..`): no Parent Directory link. */
  hideParent: boolean;
  /** IndexOrderDefault (else ascending by name). */
  defaultOrder: { column: ListingColumn; descending: boolean };
  /** SuppressHTMLPreamble: an HTML HeaderName file brings its own <html>..<body> (and the readme the end). */
  suppressPreamble?: boolean;
  /** Fancy page columns left out: SuppressLastModified (M), SuppressSize (S), SuppressDescription (D). */
  hiddenColumns?: ReadonlySet<ListingColumn>;
  /** SuppressColumnSorting: column headings are not links. */
  noSortLinks?: boolean;
}

/** HeaderName / ReadmeName contents found for this listing (see handler/listing-inserts.ts). */
export interface ListingInserts {
  header?: ListingInsert;
  readme?: ListingInsert;
}

export const PLAIN_LISTING: ListingOptions = {
  fancy: false,
  foldersFirst: false,
  ignoreCase: false,
  versionSort: false,
  ignoreClient: false,
  hideParent: false,
  defaultOrder: { column: 'N', descending: false },
};

/**
 * Apache's ap_strcmp_match: `*` is any run of characters (`/` and a leading dot included), `?` any
 * one character; nothing else is special (no brackets, no escapes).
 */
export function wildcardMatch(text: string, pattern: string): boolean {
  const t = [...text];
  const p = [...pattern];
  const memo = new Map<number, boolean>();
  const at = (x: number, y: number): boolean => {
    const k = x * (p.length + 1) + y;
    const cached = memo.get(k);
    if (cached !== undefined) return cached;
    let r: boolean;
    if (y === p.length) r = x === t.length;
    else if (p[y] === '*') r = at(x, y + 1) || (x < t.length && at(x + 1, y));
    else r = x < t.length && (p[y] === '?' || p[y] === t[x]) && at(x + 1, y + 1);
    memo.set(k, r);
    return r;
  };
  return at(0, 0);
}

/**
 * IndexIgnore (mod_autoindex ignore_entry): each pattern is compared with the entry's own name
 * using only the pattern's part after its last slash (so a pattern ending in a slash hides
 * nothing, and one like star-slash-private hides any `private`). The parent link is tested as the name `..`.
 */
export function indexIgnored(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => wildcardMatch(name, pattern.slice(pattern.lastIndexOf('/') + 1)));
}

/** The listing options a configuration asks for. */
export function listingOptionsFor(cfg: EffectiveConfig | null): ListingOptions {
  if (!cfg) return PLAIN_LISTING;
  const set = cfg.indexOptions?.set ?? new Set<string>();
  const order = cfg.indexOrderDefault;
  return {
    fancy: set.has('FancyIndexing') || set.has('HTMLTable'),
    foldersFirst: set.has('FoldersFirst'),
    ignoreCase: set.has('IgnoreCase'),
    versionSort: set.has('VersionSort'),
    ignoreClient: set.has('IgnoreClient'),
    hideParent: indexIgnored('..', cfg.indexIgnore),
    defaultOrder: order ? { column: order.key, descending: order.descending } : { column: 'N', descending: false },
    suppressPreamble: set.has('SuppressHTMLPreamble'),
    hiddenColumns: new Set(
      (
        [
          ['M', 'SuppressLastModified'],
          ['S', 'SuppressSize'],
          ['D', 'SuppressDescription'],
        ] as const
      )
        .filter(([, option]) => set.has(option))
        .map(([column]) => column),
    ),
    noSortLinks: set.has('SuppressColumnSorting'),
  };
}

/** The order a request asks for: its query (C=, O=, F=, V=) unless IgnoreClient, else IndexOrderDefault. */
export function listingOrder(query: string, options: ListingOptions): ListingOrder {
  return options.ignoreClient ? { ...options.defaultOrder } : parseListingQuery(query, options.defaultOrder);
}

/** A fancy page (table, sizes and dates sorted) unless `F=0`; `F=1`/`F=2` ask for one on a plain configuration. */
export function isFancy(order: ListingOrder, options: ListingOptions): boolean {
  return order.format === '0' ? false : order.format === '1' || order.format === '2' ? true : options.fancy;
}

/**
 * Read `C=N|M|S|D` and `O=A|D` from the query string like mod_autoindex: parameters are
 * separated by `&` or `;`, case-sensitive, and the first thing it does not understand ends the
 * parsing (the rest is ignored). `F=` and `V=` switch fancy mode and version sort; `P=` is
 * consumed but has no effect here.
 */
export function parseListingQuery(
  query: string,
  defaults: { column: ListingColumn; descending: boolean } = { column: 'N', descending: false },
): ListingOrder {
  const order: ListingOrder = {
    column: defaults.column,
    descending: defaults.descending,
    format: null,
    versionSort: null,
  };
  let q = query.startsWith('?') ? query.slice(1) : query;
  const endsParam = (c: string | undefined): boolean => c === undefined || c === '&' || c === ';';
  while (q !== '') {
    const [k, eq, v, sep] = [q[0], q[1], q[2], q[3]];
    const step = (): string => q.slice(sep === undefined ? 3 : 4);
    if (k === 'C' && eq === '=' && v !== undefined && 'NMSD'.includes(v) && endsParam(sep)) {
      order.column = v as ListingColumn;
      q = step();
    } else if (k === 'O' && eq === '=' && (v === 'A' || v === 'D') && endsParam(sep)) {
      order.descending = v === 'D';
      q = step();
    } else if (k === 'F' && eq === '=' && v !== undefined && '012'.includes(v) && endsParam(sep)) {
      order.format = v as '0' | '1' | '2';
      q = step();
    } else if (k === 'V' && eq === '=' && (v === '0' || v === '1') && endsParam(sep)) {
      order.versionSort = v === '1';
      q = step();
    } else if (k === 'P' && eq === '=') {
      const end = q.search(/[&;]/);
      q = end < 0 ? '' : q.slice(end + 1);
    } else {
      break;
    }
  }
  return order;
}

/** Displayed / compared name: directories carry a trailing slash, as in Apache. */
export function displayName(entry: ListingEntry): string {
  return entry.isDir ? `${entry.name}/` : entry.name;
}

/** C strcmp on UTF-8 bytes (unsigned). */
function byteCompare(a: Buffer, b: Buffer): number {
  return Math.sign(Buffer.compare(a, b));
}

function lowerAscii(b: Buffer): Buffer {
  return Buffer.from(b.map((c) => (c >= 0x41 && c <= 0x5a ? c + 32 : c)));
}

/** strcasecmp: ASCII letters folded, bytes compared unsigned. */
function caseCompare(a: Buffer, b: Buffer): number {
  return byteCompare(lowerAscii(a), lowerAscii(b));
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isSpace = (c: number | undefined): boolean => c !== undefined && (c === 0x20 || (c >= 0x09 && c <= 0x0d));
/** C `char` is signed here: bytes above 0x7f compare below ASCII in apr_strnatcmp. */
const signedByte = (c: number | undefined): number => (c === undefined ? 0 : c > 0x7f ? c - 256 : c);

/**
 * apr_strnatcmp (Martin Pool's natural order): runs of digits compare as numbers, except that a
 * run starting with 0 compares digit by digit (a fraction); white space is skipped.
 */
export function naturalCompare(a: Buffer, b: Buffer, foldCase = false): number {
  let ai = 0;
  let bi = 0;
  for (;;) {
    while (isSpace(a[ai])) ai++;
    while (isSpace(b[bi])) bi++;
    let ca = a[ai];
    let cb = b[bi];
    if (isDigit(ca) && isDigit(cb)) {
      const r = ca === 0x30 || cb === 0x30 ? compareLeft(a, ai, b, bi) : compareRight(a, ai, b, bi);
      if (r !== 0) return r;
    }
    if (ca === undefined && cb === undefined) return 0;
    if (foldCase) {
      if (ca !== undefined && ca >= 0x61 && ca <= 0x7a) ca -= 32;
      if (cb !== undefined && cb >= 0x61 && cb <= 0x7a) cb -= 32;
    }
    const sa = signedByte(ca);
    const sb = signedByte(cb);
    if (sa < sb) return -1;
    if (sa > sb) return 1;
    ai++;
    bi++;
  }
}

/** Digit runs as whole numbers: the longer run is larger, else the first difference decides. */
function compareRight(a: Buffer, ai: number, b: Buffer, bi: number): number {
  let bias = 0;
  for (; ; ai++, bi++) {
    const da = isDigit(a[ai]);
    const db = isDigit(b[bi]);
    if (!da && !db) return bias;
    if (!da) return -1;
    if (!db) return 1;
    if (a[ai]! < b[bi]! && bias === 0) bias = -1;
    else if (a[ai]! > b[bi]! && bias === 0) bias = 1;
  }
}

/** Digit runs as fractions: the first difference decides. */
function compareLeft(a: Buffer, ai: number, b: Buffer, bi: number): number {
  for (; ; ai++, bi++) {
    const da = isDigit(a[ai]);
    const db = isDigit(b[bi]);
    if (!da && !db) return 0;
    if (!da) return -1;
    if (!db) return 1;
    if (a[ai]! < b[bi]!) return -1;
    if (a[ai]! > b[bi]!) return 1;
  }
}

interface SortKey {
  entry: ListingEntry;
  name: Buffer;
  /** AddDescription text (fancy pages only, as in mod_autoindex), compared with strcmp / apr_strnatcmp. */
  desc: Buffer;
  isDir: boolean;
  size: number;
  mtime: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * Sort like mod_autoindex (dsortf). Only fancy/table pages know sizes and dates and group folders
 * first; a plain page sorts every column by name. Descending swaps the two sides of every
 * comparison (the name tie-breaks included). Names compare with the directory's trailing slash:
 * natural order (VersionSort), then case-folded (IgnoreCase), then byte order.
 */
export function sortEntries(
  entries: readonly ListingEntry[],
  order: ListingOrder,
  options: ListingOptions = PLAIN_LISTING,
): ListingEntry[] {
  const fancy = isFancy(order, options);
  const versionSort = order.versionSort ?? options.versionSort;
  const keyed: SortKey[] = entries.map((e) => ({
    entry: e,
    name: Buffer.from(displayName(e), 'utf8'),
    isDir: fancy && options.foldersFirst && e.isDir,
    size: fancy && !e.isDir ? e.size : -1,
    mtime: fancy ? e.mtime.getTime() : order.column === 'M' ? 0 : -1,
    desc: fancy && order.column === 'D' ? Buffer.from(e.description ?? '', 'utf8') : EMPTY,
  }));
  const compare = (e1: SortKey, e2: SortKey): number => {
    if (e1.isDir !== e2.isDir) return e1.isDir ? -1 : 1;
    const [c1, c2] = order.descending ? [e2, e1] : [e1, e2];
    if (order.column === 'M' && c1.mtime !== c2.mtime) return c1.mtime > c2.mtime ? 1 : -1;
    if (order.column === 'S' && c1.size !== c2.size) return c1.size > c2.size ? 1 : -1;
    if (order.column === 'D') {
      const byDesc = versionSort ? naturalCompare(c1.desc, c2.desc) : byteCompare(c1.desc, c2.desc);
      if (byDesc !== 0) return byDesc;
    }
    let result = 0;
    if (versionSort) {
      if (options.ignoreCase) result = naturalCompare(c1.name, c2.name, true);
      if (result === 0) result = naturalCompare(c1.name, c2.name);
    }
    if (result === 0 && options.ignoreCase) result = caseCompare(c1.name, c2.name);
    if (result === 0) result = byteCompare(c1.name, c2.name);
    return result;
  };
  return keyed.sort(compare).map((k) => k.entry);
}

/** Apache-fancy-index style size: bytes below 1 KiB, then one decimal below 10, e.g. 1.2K, 20M. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes}`;
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 9.95 ? value.toFixed(1) : Math.round(value).toString();
  return `${shown}${units[unit]}`;
}

/** `2024-01-02 03:04` in UTC (deterministic regardless of the server's time zone). */
export function formatListingDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '-';
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

export function parentPath(dirPath: string): string | null {
  const trimmed = dirPath.replace(/\/+$/, '');
  if (trimmed === '') return null;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1) || '/';
}

/** The URL path without its trailing slash, as mod_autoindex titles the page. */
export function listingTitle(urlPath: string): string {
  return urlPath.length > 1 ? urlPath.replace(/(.)\/+$/, '$1') : urlPath || '/';
}

/**
 * The listing page. `urlPath` is the decoded URL path of the directory (`/d/lst/`), `query` the
 * raw query string (with or without `?`). Entries `.`/`..` are dropped; the caller has already
 * removed what must not be listed (docs/apache-behaviour.md §11.4 hidden entries).
 */
export function renderListing(
  urlPath: string,
  entries: readonly ListingEntry[],
  query: string,
  options: ListingOptions = PLAIN_LISTING,
  inserts: ListingInserts = {},
): string {
  const title = escapeHtml(listingTitle(urlPath));
  const visible = entries.filter((e) => e.name !== '.' && e.name !== '..' && e.name !== '');
  const rows: string[] = [];
  const parent = options.hideParent ? null : parentPath(urlPath);
  if (parent !== null) rows.push(`<li><a href="${hrefFor(parent)}"> Parent Directory</a></li>\n`);
  const order = listingOrder(query, options);
  for (const entry of sortEntries(visible, order, options)) {
    const name = displayName(entry);
    const details = entry.isDir
      ? formatListingDate(entry.mtime)
      : `${formatSize(entry.size)}, ${formatListingDate(entry.mtime)}`;
    rows.push(`<li><a href="${hrefFor(name)}"> ${escapeHtml(name)}</a> <span>${details}</span></li>\n`);
  }
  const { header, readme } = inserts;
  // mod_autoindex emit_head/emit_tail: a header file replaces the <h1>; SuppressHTMLPreamble
  // only leaves out what an HTML header (or readme) is trusted to bring itself.
  const preamble =
    header?.kind === 'html' && options.suppressPreamble
      ? ''
      : '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n' +
        '<html>\n <head>\n' +
        `  <title>Index of ${title}</title>\n` +
        ' </head>\n <body>\n';
  const end = readme?.kind === 'html' && options.suppressPreamble ? '' : '</body></html>\n';
  return (
    preamble +
    (header ? insertHtml(header) : `<h1>Index of ${title}</h1>\n`) +
    `<ul>${rows.join('')}</ul>\n` +
    (readme ? insertHtml(readme) : '') +
    end
  );
}

/** An HTML insert as is; a text one in <pre> with only <, > and & escaped (do_emit_plain). */
export function insertHtml(insert: ListingInsert): string {
  if (insert.kind === 'html') return insert.content;
  const escaped = insert.content.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
  return `<pre>\n${escaped}</pre>\n`;
}
