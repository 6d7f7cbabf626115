// Normalises a response into the compared fields and diffs two of them.
//
// Compared: status (strict), WWW-Authenticate (exact), Location (path+query when it points at
// the server itself, a bare `?` kept; else the whole URL), Allow (as a set of methods), Content-Type media type,
// Content-Length of 200 file responses, Content-Range, the set of `XXX-MARKER` tokens in the body
// (error documents and files carry them), the entries of an autoindex listing, and whether the
// body contains a request's literal `probe` string (when it names one).
// Not compared: Date, Server, ETag format, Last-Modified, built-in error page bodies.

import type { RawResponse } from './http-client.js';
import { FIELDS, type Field, type Observed } from './types.js';

const MARKER = /\b[A-Z0-9]+(?:-[A-Z0-9]+)*-MARKER\b/g;
const LISTING_TITLE = /<title>Index of /i;

function location(value: string | undefined, port: number): string {
  if (value === undefined) return '';
  try {
    const u = new URL(value, `http://127.0.0.1:${port}/`);
    // URL.search is '' for a bare `?` too: keep it, Apache does (mod_dir, mod_alias).
    const search = u.search !== '' ? u.search : u.href.replace(/#.*$/s, '').endsWith('?') ? '?' : '';
    if (u.hostname === '127.0.0.1') return u.pathname + search;
    return u.href;
  } catch {
    return `unparsable:${value}`;
  }
}

function allowSet(value: string | undefined): string {
  if (value === undefined) return '';
  return value
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean)
    .sort()
    .join(',');
}

function markers(body: string): string {
  return [...new Set(body.match(MARKER) ?? [])].sort().join(',');
}

/** Entry links of an autoindex page (sort links `?C=…` excluded), in page order. */
export function listingEntries(body: string): string {
  if (!LISTING_TITLE.test(body)) return '';
  const hrefs = [...body.matchAll(/<a href="([^"]*)"/gi)].map((m) => m[1]!).filter((h) => !h.startsWith('?'));
  return 'listing:' + hrefs.join(' ');
}

export function observe(res: RawResponse, method: string, target: string, port: number, probe?: string): Observed {
  const body = res.body.toString('latin1');
  const listing = res.status === 200 ? listingEntries(body) : '';
  // A HEAD of a directory URL has no body to tell a listing from an index file: skip its length.
  const headOfDirectory = method === 'HEAD' && target.split('?')[0]!.endsWith('/');
  const isFileResponse =
    res.status === 200 && (method === 'GET' || method === 'HEAD') && listing === '' && !headOfDirectory;
  const ct = res.headers.get('content-type');
  const fields: Record<Field, string> = {
    status: String(res.status),
    'www-authenticate': res.headers.get('www-authenticate') ?? '',
    location: location(res.headers.get('location'), port),
    allow: allowSet(res.headers.get('allow')),
    'content-type': ct === undefined ? '' : ct.split(';')[0]!.trim().toLowerCase(),
    'content-length': isFileResponse ? (res.headers.get('content-length') ?? '(none)') : '',
    'content-range': res.headers.get('content-range') ?? '',
    marker: markers(body),
    listing,
    probe: probe === undefined ? '' : body.includes(probe) ? `contains ${probe}` : `lacks ${probe}`,
  };
  return {
    status: res.status,
    fields,
    rawHead: res.rawHead,
    bodyExcerpt: body.replace(/\s+/g, ' ').slice(0, 160),
  };
}

export function diffFields(a: Observed, b: Observed): Field[] {
  return FIELDS.filter((f) => a.fields[f] !== b.fields[f]);
}

/** Header bytes were read as latin1 (exact for comparing); show UTF-8 text as such. */
function readable(v: string): string {
  const utf8 = Buffer.from(v, 'latin1').toString('utf8');
  return utf8.includes('\ufffd') ? v : utf8;
}

/** A compact one-line rendering of the compared fields (empty ones omitted). */
export function summarize(o: Observed): string {
  const parts = [String(o.status)];
  for (const f of FIELDS) {
    if (f === 'status') continue;
    const v = o.fields[f];
    if (v !== '') parts.push(`${f}=${JSON.stringify(readable(v))}`);
  }
  return parts.join(' ');
}
