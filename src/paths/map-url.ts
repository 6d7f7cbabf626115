// Request target -> a normalised, decoded URL path under the document root. Pure: no I/O.
// Follows Apache (docs/apache-behaviour.md §1.1, §10): bad %-escapes and `..` above the root are 400; an encoded
// slash or NUL is 404; `//` and `/./` collapse; backslashes and `;` are ordinary characters.
// The target is text: non-ASCII characters stand for their UTF-8 bytes, U+DC80-U+DCFF for a
// single raw byte (src/text/decode-bytes.ts), as src/server/raw-target.ts hands raw targets over.
import { decodeBytes, encodeBytes } from '../text/decode-bytes.js';

export type MappedUrl =
  | {
      kind: 'path';
      /** Decoded, normalised path; always starts with '/', ends with '/' when the URL did. */
      urlPath: string;
      /** Decoded segments below the root (no empty ones, no '.' or '..'). */
      segments: string[];
      trailingSlash: boolean;
      /** Raw query string without '?'; null when the target has no '?' (Apache's r->args NULL), '' for a bare '?'. */
      query: string | null;
    }
  | { kind: 'asterisk' }
  | { kind: 'reject'; status: 400 | 404; reason: string };

function percentDecode(text: string): { ok: true; value: string } | { ok: false; status: 400 | 404; reason: string } {
  if (!/[%\u0080-\uffff]/.test(text)) return { ok: true, value: text };
  // A raw non-ASCII character counts as its bytes, exactly like their %XX forms (Apache's
  // ap_unescape_url leaves raw bytes as they are): `/caf\xc3\xa9` and `/caf%c3%a9` name one file.
  const bytes: number[] = [];
  const raw = encodeBytes(text);
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== 0x25) {
      bytes.push(c);
      continue;
    }
    const hex = raw.subarray(i + 1, i + 3).toString('latin1');
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { ok: false, status: 400, reason: 'invalid percent-encoding' };
    const b = parseInt(hex, 16);
    if (b === 0x2f) return { ok: false, status: 404, reason: 'encoded slash (%2F) in path' };
    if (b === 0) return { ok: false, status: 404, reason: 'encoded NUL (%00) in path' };
    bytes.push(b);
    i += 2;
  }
  // Bytes that are not UTF-8 are kept (Apache maps names as bytes): the same escape as
  // src/text/decode-bytes.ts, so the request still walks the access files and matches nothing.
  // Each segment is decoded on its own, as file names are: a non-UTF-8 segment that `..` later
  // removes must not change how its UTF-8 neighbours are spelt.
  const all = Uint8Array.from(bytes);
  const names: string[] = [];
  let from = 0;
  for (let i = 0; i <= all.length; i++) {
    if (i < all.length && all[i] !== 0x2f) continue;
    names.push(decodeBytes(all.subarray(from, i)));
    from = i + 1;
  }
  return { ok: true, value: names.join('/') };
}

const mapped = new Map<string, MappedUrl>();
const MAPPED_MAX = 10_000;

/**
 * mapUrl for request targets, remembered (it is a pure function of the target): most requests
 * repeat a target seen before. Bounded; cleared when full. Callers must not mutate the result.
 */
export function mapUrlCached(target: string): MappedUrl {
  let m = mapped.get(target);
  if (m === undefined) {
    if (mapped.size >= MAPPED_MAX) mapped.clear();
    m = mapUrl(target);
    mapped.set(target, m);
  }
  return m;
}

export function mapUrl(target: string): MappedUrl {
  if (target === '*') return { kind: 'asterisk' };
  let rest = target;
  // absolute-form (proxy style): keep only the path
  const abs = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/[^/?#]*/.exec(rest);
  if (abs) {
    // Only http(s) URLs can name a resource here (Apache: 400 for ftp:// and the like).
    if (!/^https?$/i.test(abs[1]!))
      return { kind: 'reject', status: 400, reason: `unsupported URL scheme '${abs[1]}'` };
    rest = rest.slice(abs[0].length) || '/';
  }
  // Browsers never send a fragment; Apache rejects a raw '#' in the request target.
  if (rest.includes('#')) return { kind: 'reject', status: 400, reason: "raw '#' in the request target" };
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : null;
  const rawPath = q >= 0 ? rest.slice(0, q) : rest;
  if (!rawPath.startsWith('/')) return { kind: 'reject', status: 400, reason: 'request target does not start with /' };
  if (rawPath.includes('\0')) return { kind: 'reject', status: 404, reason: 'NUL in path' };
  const decoded = percentDecode(rawPath);
  if (!decoded.ok) return { kind: 'reject', status: decoded.status, reason: decoded.reason };

  const segments: string[] = [];
  const parts = decoded.value.split('/');
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) return { kind: 'reject', status: 400, reason: "'..' climbs above the document root" };
      segments.pop();
      continue;
    }
    segments.push(part);
  }
  const last = parts[parts.length - 1];
  const trailingSlash = segments.length === 0 || last === '' || last === '.' || last === '..';
  const urlPath = '/' + segments.join('/') + (trailingSlash && segments.length > 0 ? '/' : '');
  return { kind: 'path', urlPath, segments, trailingSlash, query };
}

const KEEP = /[A-Za-z0-9\-_.~!$&'()*+,;=:@/]/;

/** Re-escape a decoded URL path for a Location header, lower-case hex like Apache. */
export function encodeUrlPath(urlPath: string): string {
  let out = '';
  for (const ch of urlPath) {
    if (KEEP.test(ch)) {
      out += ch;
      continue;
    }
    const code = ch.charCodeAt(0);
    if (code >= 0xdc80 && code <= 0xdcff) {
      out += '%' + (code - 0xdc00).toString(16);
      continue;
    } // an escaped raw byte
    for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).padStart(2, '0');
  }
  return out;
}
