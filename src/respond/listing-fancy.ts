// The fancy listing (IndexOptions FancyIndexing or HTMLTable, or access.fancy_indexing): one
// <table> with a heading row of sort links that use mod_autoindex's own query arguments
// (emit_link: the current column's link reverses it, the others sort ascending), so it works
// without JavaScript and a bookmarked order stays. The links to entries, their order and their
// escaping are the plain page's (docs/apache-behaviour.md §11.4); type hints are CSS badges
// from the class of each row, so the page fetches nothing.
import type { ListingEntry } from '../decision.js';
import { escapeHtml, hrefFor } from './html-escape.js';
import {
  displayName,
  formatListingDate,
  formatSize,
  insertHtml,
  listingTitle,
  parentPath,
  sortEntries,
  type ListingColumn,
  type ListingInserts,
  type ListingOptions,
  type ListingOrder,
} from './listing.js';
import { LISTING_STYLE_ELEMENT } from './page-style.js';

const COLUMNS: ReadonlyArray<[ListingColumn, string, string]> = [
  ['N', 'n', 'Name'],
  ['M', 'm', 'Last modified'],
  ['S', 's', 'Size'],
  ['D', 'd', 'Description'],
];

const ARCHIVES = new Set([
  'application/zip',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-bzip2',
  'application/x-xz',
  'application/x-7z-compressed',
  'application/vnd.rar',
  'application/x-rar-compressed',
  'application/zstd',
]);
const TEXTS = new Set(['application/json', 'application/xml', 'application/javascript', 'application/xhtml+xml']);

/** The row's class: what kind of thing the entry is, for its badge. */
export function entryKind(entry: ListingEntry): string {
  if (entry.isDir) return 'dir';
  const type = entry.type ?? '';
  const top = type.slice(0, type.indexOf('/'));
  if (top === 'image' || top === 'audio' || top === 'video') return top;
  if (top === 'text' || TEXTS.has(type)) return 'text';
  if (type === 'application/pdf') return 'pdf';
  if (ARCHIVES.has(type)) return 'archive';
  return 'file';
}

/** `;F=1;V=1` when the query named them (mod_autoindex colargs), so sorting keeps the client's choice. */
function columnArgs(order: ListingOrder): string {
  let args = '';
  if (order.format) args += `;F=${order.format}`;
  if (order.versionSort !== null && order.versionSort !== undefined) args += `;V=${order.versionSort ? 1 : 0}`;
  return args;
}

function headingRow(order: ListingOrder, options: ListingOptions, columns: typeof COLUMNS): string {
  const cells = columns.map(([column, cls, label]) => {
    const current = order.column === column;
    const sort = current ? ` aria-sort="${order.descending ? 'descending' : 'ascending'}"` : '';
    if (options.noSortLinks) return `<th class="${cls}"${sort}>${label}</th>`;
    const direction = current && !order.descending ? 'D' : 'A';
    return `<th class="${cls}"${sort}><a href="?C=${column};O=${direction}${escapeHtml(columnArgs(order))}">${label}</a></th>`;
  });
  return `<tr>${cells.join('')}</tr>\n`;
}

function row(kind: string, name: string, href: string, cells: Record<string, string>, columns: typeof COLUMNS): string {
  const tds = columns.map(([, cls]) =>
    cls === 'n' ? `<td class="n"><a href="${href}">${name}</a></td>` : `<td class="${cls}">${cells[cls] ?? ''}</td>`,
  );
  return `<tr class="${kind}">${tds.join('')}</tr>\n`;
}

export function renderFancyListing(
  urlPath: string,
  entries: readonly ListingEntry[],
  order: ListingOrder,
  options: ListingOptions,
  inserts: ListingInserts = {},
): string {
  const title = escapeHtml(listingTitle(urlPath));
  const hidden = options.hiddenColumns ?? new Set<ListingColumn>();
  const columns = COLUMNS.filter(([column]) => !hidden.has(column));
  const rows: string[] = [];
  const parent = options.hideParent ? null : parentPath(urlPath);
  if (parent !== null) rows.push(row('up', 'Parent Directory', hrefFor(parent), { s: '-' }, columns));
  const visible = entries.filter((e) => e.name !== '.' && e.name !== '..' && e.name !== '');
  for (const entry of sortEntries(visible, order, options)) {
    const name = displayName(entry);
    const modified = Number.isNaN(entry.mtime.getTime())
      ? '-'
      : `<time datetime="${entry.mtime.toISOString()}">${formatListingDate(entry.mtime)}</time>`;
    const size = entry.isDir ? '-' : `<data value="${entry.size}">${formatSize(entry.size)}</data>`;
    rows.push(
      row(
        entryKind(entry),
        escapeHtml(name),
        hrefFor(name),
        { m: modified, s: size, d: escapeHtml(entry.description ?? '') },
        columns,
      ),
    );
  }
  const { header, readme } = inserts;
  // As on the plain page: an HTML header file under SuppressHTMLPreamble brings its own head,
  // so the style goes just before the table (the CSP hash allows it anywhere).
  const ownHead = header?.kind === 'html' && options.suppressPreamble;
  const preamble = ownHead
    ? LISTING_STYLE_ELEMENT + '\n'
    : '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
      `<title>Index of ${title}</title>\n${LISTING_STYLE_ELEMENT}\n</head>\n<body>\n`;
  const end = readme?.kind === 'html' && options.suppressPreamble ? '' : '</body>\n</html>\n';
  return (
    preamble +
    (header ? insertHtml(header) : `<h1>Index of ${title}</h1>\n`) +
    `<table>\n<thead>\n${headingRow(order, options, columns)}</thead>\n<tbody>\n${rows.join('')}</tbody>\n</table>\n` +
    (readme ? insertHtml(readme) : '') +
    end
  );
}
