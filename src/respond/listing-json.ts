// The listing as JSON, for clients that rank application/json above text/html: the entries of
// the HTML page (same access rules, same order for the same C=/O= query), without the parent
// link, HeaderName or ReadmeName.
import type { ListingEntry } from '../decision.js';
import { escapePath } from './html-escape.js';
import { sortEntries, type ListingOptions, type ListingOrder } from './listing.js';

export const LISTING_JSON_TYPE = 'application/json';

export interface JsonListingEntry {
  name: string;
  /** Absolute URL path, percent-encoded like the page's links. */
  url: string;
  isDirectory: boolean;
  /** Bytes; null for a directory. */
  size: number | null;
  /** ISO 8601 (UTC); null when the file system gave no usable time. */
  modified: string | null;
  /** Media type the file is served with (null: a directory, or no type known). */
  type: string | null;
}

export function renderJsonListing(
  urlPath: string,
  entries: readonly ListingEntry[],
  order: ListingOrder,
  options: ListingOptions,
): string {
  const base = urlPath.endsWith('/') ? urlPath : `${urlPath}/`;
  const visible = entries.filter((e) => e.name !== '.' && e.name !== '..' && e.name !== '');
  const out: JsonListingEntry[] = sortEntries(visible, order, options).map((e) => ({
    name: e.name,
    url: escapePath(base + e.name + (e.isDir ? '/' : '')),
    isDirectory: e.isDir,
    size: e.isDir ? null : e.size,
    modified: Number.isNaN(e.mtime.getTime()) ? null : e.mtime.toISOString(),
    type: e.isDir ? null : (e.type ?? null),
  }));
  return JSON.stringify(out) + '\n';
}
