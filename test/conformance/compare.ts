// Normalises a response into the compared fields and diffs two of them.
//
// Compared: status (strict), WWW-Authenticate (exact), Location (path+query when it points at
// the server itself, a bare `?` kept; else the whole URL), Allow (as a set of methods), Content-Type media type,
// Content-Length of 200 file responses, Content-Range, the set of `XXX-MARKER` tokens in the body
// (error documents and files carry them), the entries of an autoindex listing, and whether the
// body contains a request's literal `probe` string (when it names one).
// Not compared: Date, Server, ETag format, Last-Modified, built-in error page bodies.
// The `caching` area adds Cache-Control, Expires, Vary, Content-Encoding, ETag and a digest of the
// (gunzipped) file body: see cachingFields().

import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { RawResponse } from './http-client.js';
import { FIELDS, type Field, type Observed } from './types.js';

const MARKER = /\b[A-Z0-9]+(?:-[A-Z0-9]+)*-MARKER\b/g;
const LISTING_TITLE = /<title>Index of /i;

function location(value: string | undefined, port: number): string {
  if (value === undefined) return '';
  // two Location lines (`Header always set Location` on a redirect) arrive joined by ', '
  const several = value.split(/, (?=[a-z][a-z0-9+.-]*:\/\/|\/)/i);
  if (several.length > 1) return several.map((v) => oneLocation(v, port)).join(' + ');
  return oneLocation(value, port);
}

function oneLocation(value: string, port: number): string {
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

/** The body as sent, or decoded when it is a whole gzip stream (a range of one is not). */
function decodedBody(res: RawResponse): { bytes: Buffer; note: string } {
  if ((res.headers.get('content-encoding') ?? '').toLowerCase() !== 'gzip' || res.body.length === 0)
    return { bytes: res.body, note: '' };
  try {
    return { bytes: gunzipSync(res.body), note: 'gunzipped ' };
  } catch {
    return { bytes: res.body, note: 'not a whole gzip stream ' };
  }
}

function seconds(httpDate: string | undefined): number | null {
  if (httpDate === undefined) return null;
  const ms = Date.parse(httpDate);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/**
 * Fields of the `caching` area. Expires is shown relative to Date (`date+N`), or, when it does not
 * equal Date plus max-age (a `modification` code: Apache floors max-age from the exact request time),
 * relative to Last-Modified (`lm+N`); a max-age that agrees with Expires is shown as such, so the
 * second that passes between the two servers' answers does not count.
 */
type CachingField = 'cache-control' | 'expires' | 'vary' | 'content-encoding' | 'etag' | 'body';

export function cachingFields(
  res: RawResponse,
  body: { bytes: Buffer; note: string },
  fileBody: boolean,
): Record<CachingField, string> {
  const expires = res.headers.get('expires');
  const e = seconds(expires);
  const d = seconds(res.headers.get('date'));
  const lm = seconds(res.headers.get('last-modified'));
  const cc = res.headers.get('cache-control');
  const maxAge = /(?:^|[\s,])max-age=(\d+)/.exec(cc ?? '');
  const age = maxAge ? Number(maxAge[1]) : null;
  let expiresField = expires === undefined ? '' : `unparsable:${expires}`;
  if (e !== null && d !== null) {
    if (age === null || age === e - d) expiresField = `date+${e - d}`;
    else if (lm !== null) expiresField = `lm+${e - lm}`;
    else expiresField = `date+${e - d} max-age=${age}`;
  }
  const agreesWithExpires = e !== null && d !== null && age !== null && (age === e - d || age === e - d - 1);
  const ccField = cc === undefined ? '' : agreesWithExpires ? cc.replace(/max-age=\d+/, 'max-age=(expires)') : cc;
  const vary = res.headers.get('vary');
  return {
    'cache-control': ccField,
    expires: expiresField,
    vary:
      vary === undefined
        ? ''
        : vary
            .split(',')
            .map((v) => v.trim().toLowerCase())
            .join(','),
    'content-encoding': res.headers.get('content-encoding') ?? '',
    etag: res.headers.get('etag') ?? '',
    body: !fileBody
      ? ''
      : `${body.note}${body.bytes.length} bytes sha1:${createHash('sha1').update(body.bytes).digest('hex').slice(0, 12)}`,
  };
}

const NO_CACHING_FIELDS: Record<CachingField, string> = {
  'cache-control': '',
  expires: '',
  vary: '',
  'content-encoding': '',
  etag: '',
  body: '',
};

export function observe(
  res: RawResponse,
  method: string,
  target: string,
  port: number,
  probe?: string,
  caching = false,
): Observed {
  const decoded = decodedBody(res);
  const body = decoded.bytes.toString('latin1');
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
    // multipart/byteranges bodies differ in their random boundaries: only single parts are compared
    ...(caching
      ? cachingFields(res, decoded, isFileResponse || (res.status === 206 && !(ct ?? '').startsWith('multipart/')))
      : NO_CACHING_FIELDS),
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
