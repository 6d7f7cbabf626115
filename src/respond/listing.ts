// Directory listing in Apache mod_autoindex's plain format (§11.4, compiled defaults): the
// same document, order, links and escaping, so clients and tests that read Apache's listing
// read ours. htserve adds one thing inside each <li>: a <span> with size and date after the
// link, leaving Apache's structure intact.

import { escapeHtml, hrefFor } from './html-escape.js';

/** Names are UTF-8 on our side, so say so (Apache says ISO-8859-1 and sends raw bytes). */
export const LISTING_CONTENT_TYPE = 'text/html;charset=UTF-8';

export interface ListingEntry {
  /** File name as read from the directory (no trailing slash). */
  name: string;
  isDir: boolean;
  size: number;
  mtime: Date;
}

export type ListingColumn = 'N' | 'M' | 'S' | 'D';

export interface ListingOrder {
  column: ListingColumn;
  descending: boolean;
}

/**
 * Read `C=N|M|S|D` and `O=A|D` from the query string like mod_autoindex: parameters are
 * separated by `&` or `;`, case-sensitive, and the first thing it does not understand ends the
 * parsing (the rest is ignored). `F=`, `V=` and `P=` are consumed but have no effect here.
 */
export function parseListingQuery(query: string): ListingOrder {
  const order: ListingOrder = { column: 'N', descending: false };
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
      q = step();
    } else if (k === 'V' && eq === '=' && (v === '0' || v === '1') && endsParam(sep)) {
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
function displayName(entry: ListingEntry): string {
  return entry.isDir ? `${entry.name}/` : entry.name;
}

/**
 * Sort like mod_autoindex's plain mode: by name in byte order (UTF-8 bytes, so upper case before
 * lower case and non-ASCII last). Plain mode has no date/size/description data, so every column
 * falls back to the name and only `O=D` (reverse) changes the order.
 */
export function sortEntries(entries: readonly ListingEntry[], order: ListingOrder): ListingEntry[] {
  const keyed = entries.map((e) => ({ e, key: Buffer.from(displayName(e), 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  if (order.descending) keyed.reverse();
  return keyed.map((k) => k.e);
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

function parentPath(dirPath: string): string | null {
  const trimmed = dirPath.replace(/\/+$/, '');
  if (trimmed === '') return null;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1) || '/';
}

/**
 * The listing page. `urlPath` is the decoded URL path of the directory (`/d/lst/`), `query` the
 * raw query string (with or without `?`). Entries `.`/`..` are dropped; the caller has already
 * removed what must not be listed (§11.4 hidden entries).
 */
export function renderListing(urlPath: string, entries: readonly ListingEntry[], query: string): string {
  const title = escapeHtml(urlPath.length > 1 ? urlPath.replace(/(.)\/+$/, '$1') : urlPath || '/');
  const visible = entries.filter((e) => e.name !== '.' && e.name !== '..' && e.name !== '');
  const rows: string[] = [];
  const parent = parentPath(urlPath);
  if (parent !== null) rows.push(`<li><a href="${hrefFor(parent)}"> Parent Directory</a></li>\n`);
  for (const entry of sortEntries(visible, parseListingQuery(query))) {
    const name = displayName(entry);
    const details = entry.isDir
      ? formatListingDate(entry.mtime)
      : `${formatSize(entry.size)}, ${formatListingDate(entry.mtime)}`;
    rows.push(`<li><a href="${hrefFor(name)}"> ${escapeHtml(name)}</a> <span>${details}</span></li>\n`);
  }
  return (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n' +
    '<html>\n <head>\n' +
    `  <title>Index of ${title}</title>\n` +
    ' </head>\n <body>\n' +
    `<h1>Index of ${title}</h1>\n` +
    `<ul>${rows.join('')}</ul>\n` +
    '</body></html>\n'
  );
}
