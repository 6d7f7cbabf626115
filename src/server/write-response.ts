// The only place a Decision becomes bytes on the socket.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { mayCarry, setHeaderValues, type ServerReply, type ServerRequest } from './exchange.js';
import type { Decision } from '../decision.js';
import { sendFile } from '../respond/send-file.js';
import { applyExpires } from '../respond/expires.js';
import type { GzipCache } from '../respond/gzip-cache.js';
import type { PrecompressedExt } from '../respond/precompressed.js';
import { deflateListing, encodingFor } from './encoding.js';
import type { BodyCache } from '../respond/body-cache.js';
import type { ListingEntry } from '../decision.js';
import { isFancy, listingOptionsFor, listingOrder, renderListing, LISTING_CONTENT_TYPE } from '../respond/listing.js';
import { renderFancyListing } from '../respond/listing-fancy.js';
import { LISTING_JSON_TYPE, renderJsonListing } from '../respond/listing-json.js';
import { prefersJson } from '../respond/accept.js';
import { errorPageFor, type ErrorPageStyle } from '../respond/error-response.js';
import { builtinErrorPage, SECURITY_HEADERS, type ErrorPage } from '../respond/error-page.js';
import { LISTING_PAGE_HEADERS } from '../respond/page-style.js';
import { applyHeaders, sendGenerated } from '../respond/send-html.js';
import { planRange } from '../respond/range.js';
import {
  applyHeaderRules,
  headerValue,
  joinAfterAlways,
  uniqueVary,
  type AlwaysHeaders,
  type HeaderPath,
} from '../respond/header-rules.js';

const NO_HEADERS: AlwaysHeaders = new Map();

/**
 * The Decision's own headers (headers_out in Apache): after what `Header always` wrote, and a
 * challenge also after any rule's WWW-Authenticate.
 */
function setDecisionHeaders(res: ServerReply, d: Decision, always: AlwaysHeaders): void {
  for (const [k, v] of d.headers) {
    if (!mayCarry(res, k) || k.toLowerCase() === 'vary') continue; // see rulesThenDecisionHeaders
    const current = k.toLowerCase() === 'www-authenticate' ? res.getHeader(k) : undefined;
    if (current !== undefined)
      setHeaderValues(res, k, [...(Array.isArray(current) ? current : [String(current)]), headerValue(v)]);
    else joinAfterAlways(res, always, k, headerValue(v));
  }
}

/**
 * The access files' Header rules, then the Decision's own headers. mod_rewrite's Vary (one name
 * per request header its conditions read) is in headers_out before the handler: first in the
 * list, seen and changed by the rules, and gone with the rest of headers_out when Apache makes
 * its own error page or redirect.
 */
function rulesThenDecisionHeaders(res: ServerReply, d: Decision, path: HeaderPath): void {
  if (path === 'normal') {
    const vary = d.headers.filter(([k]) => k.toLowerCase() === 'vary').map(([, v]) => v);
    if (vary.length > 0) {
      const current = res.getHeader('Vary');
      res.setHeader('Vary', uniqueVary([...vary, ...(current === undefined ? [] : [String(current)])]));
    }
  }
  setDecisionHeaders(res, d, d.config ? applyHeaderRules(res, d.config.headers, path, d.env) : NO_HEADERS);
}

/** A generated page: its own headers, then the access files' Header rules, then the Decision's. */
function sendPage(
  req: ServerRequest,
  res: ServerReply,
  d: Decision,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string | Buffer,
): void {
  // the page's own Location may hold non-ASCII text too (a raw query, `Redirect /x /☃`)
  const own = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, typeof v === 'string' ? headerValue(v) : v]),
  ) as OutgoingHttpHeaders;
  applyHeaders(res, own);
  // Redirects and listings get Expires too (mod_expires also hooks insert_error_filter).
  const type = own['Content-Type'];
  applyExpires(res, d.config?.expires, status, typeof type === 'string' ? type : null, null, Date.now());
  // Apache makes its error pages and redirects in ap_send_error_response: only `always` rules run there
  const path: HeaderPath = status < 300 && d.body.kind !== 'redirect' && d.body.kind !== 'error' ? 'normal' : 'error';
  rulesThenDecisionHeaders(res, d, path);
  sendGenerated(req, res, status, {}, body);
}

/**
 * Apache's byterange filter also cuts generated pages such as listings: one satisfiable range is
 * a 206, none satisfiable a 416. A listing has no validators, so an If-Range never matches (full
 * page). Several ranges: the full page (Apache would send multipart/byteranges).
 */
function singleRange(
  reqHeaders: IncomingHttpHeaders,
  body: Buffer,
): { contentRange: string; bytes: Buffer } | 'unsatisfiable' | null {
  const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
  const plan = planRange(first(reqHeaders.range), first(reqHeaders['if-range']), body.length, '', Number.NaN);
  if (plan.kind === 'unsatisfiable') return plan.kind;
  if (plan.kind !== 'ranges' || plan.ranges.length !== 1) return null;
  const r = plan.ranges[0]!;
  return { contentRange: `bytes ${r.start}-${r.end}/${body.length}`, bytes: body.subarray(r.start, r.end + 1) };
}

async function sendDecisionFile(
  req: ServerRequest,
  res: ServerReply,
  d: Decision,
  file: { path: string; stat: import('node:fs').Stats; noFollow: boolean; contentType: string | null },
  errorStatus: number | undefined,
  out: WriteOptions,
): Promise<void> {
  const { target, deflate } = await encodingFor(req, d, file, errorStatus, out);
  return sendFile(req, res, target, {
    bodies: out.bodies,
    errorPage: (status) => errorPage(req, d, status, out),
    ...(d.requestHeaders ? { requestHeaders: d.requestHeaders } : {}),
    ...(errorStatus !== undefined ? { conditional: false, status: errorStatus } : {}),
    deflate,
    beforeHead: (status, version) => {
      applyExpires(res, d.config?.expires, status, file.contentType, version.mtimeUs, version.now);
      // an ErrorDocument page is served like any file (Apache's internal redirect); a 416 is Apache's own
      const path: HeaderPath = errorStatus !== undefined || status < 400 ? 'normal' : 'error';
      rulesThenDecisionHeaders(res, d, path);
    },
  });
}

export interface WriteOptions {
  /** The small-file body cache, when the server keeps one. */
  bodies?: BodyCache | undefined;
  /** Gzipped bodies for DEFLATE; absent when mod_deflate is not in `server.modules`. */
  gzip?: GzipCache | undefined;
  /** `[compression] precompressed`: sibling files tried before compressing. */
  precompressed?: readonly PrecompressedExt[] | undefined;
  /** server.error_pages (default friendly). */
  errorPages?: ErrorPageStyle | undefined;
}

function header(d: Decision, name: string): string | undefined {
  const lower = name.toLowerCase();
  return d.headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** The built-in page for an error htserve generates, in the configured style, negotiated when friendly. */
function errorPage(
  req: ServerRequest,
  d: Decision,
  status: number,
  out: WriteOptions,
  additionally?: number,
): ErrorPage {
  return errorPageFor(status, {
    style: out.errorPages ?? 'friendly',
    accept: req.headers.accept,
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    user: d.user,
    retryAfter: status === 429 || status === 503 ? header(d, 'Retry-After') : undefined,
    allow: status === 405 || status === 501 ? (header(d, 'Allow') ?? 'GET, HEAD, OPTIONS') : undefined,
    additionally,
    authError: d.authError,
  });
}

/**
 * Rendered listing pages: the entries array is shared while the listing cache keeps it, and the
 * configuration object while the rules are the same, so (entries, config, variant, query) names
 * the page. Pages with a HeaderName/ReadmeName insert are rendered per request (not the JSON).
 */
const renderedListings = new WeakMap<readonly ListingEntry[], WeakMap<object, Map<string, RenderedListing>>>();
const NO_CONFIG = {};

type ListingBody = Extract<Decision['body'], { kind: 'listing' }>;

interface RenderedListing {
  bytes: Buffer;
  /** The same page gzipped, once DEFLATE asked for it (src/server/encoding.ts). */
  gzipped?: Buffer;
  /** Its own headers: a fancy page carries the inline stylesheet, which its CSP allows by hash. */
  headers: Readonly<Record<string, string>>;
}

/** The page for one variant: JSON, the fancy table or Apache's plain list (F= and the configuration decide). */
function renderVariant(json: boolean, query: string, d: Decision, body: ListingBody): RenderedListing {
  const options = listingOptionsFor(d.config);
  const order = listingOrder(query, options);
  // Two variants of one URL: say so to caches (there are no validators to tell them apart).
  if (json) {
    const text = renderJsonListing(body.urlPath, body.entries, order, options);
    return { bytes: Buffer.from(text, 'utf8'), headers: JSON_LISTING_HEADERS };
  }
  if (isFancy(order, options)) {
    const text = renderFancyListing(body.urlPath, body.entries, order, options, body);
    return { bytes: Buffer.from(text, 'utf8'), headers: FANCY_LISTING_HEADERS };
  }
  const text = renderListing(body.urlPath, body.entries, query, options, body);
  return { bytes: Buffer.from(text, 'utf8'), headers: PLAIN_LISTING_HEADERS };
}

const JSON_LISTING_HEADERS = Object.freeze({ 'Content-Type': LISTING_JSON_TYPE, ...SECURITY_HEADERS, Vary: 'Accept' });
const FANCY_LISTING_HEADERS = Object.freeze({
  'Content-Type': LISTING_CONTENT_TYPE,
  ...LISTING_PAGE_HEADERS,
  Vary: 'Accept',
});
const PLAIN_LISTING_HEADERS = Object.freeze({
  'Content-Type': LISTING_CONTENT_TYPE,
  ...SECURITY_HEADERS,
  Vary: 'Accept',
});

function listingPage(req: ServerRequest, d: Decision, body: ListingBody, json: boolean): RenderedListing {
  const query = new URL(req.url ?? '/', 'http://x').search.slice(1);
  const render = () => renderVariant(json, query, d, body);
  if (!json && (body.header || body.readme)) return render();
  let byConfig = renderedListings.get(body.entries);
  if (!byConfig) renderedListings.set(body.entries, (byConfig = new WeakMap()));
  const cfgKey = d.config ?? NO_CONFIG;
  let byQuery = byConfig.get(cfgKey);
  if (!byQuery) byConfig.set(cfgKey, (byQuery = new Map<string, RenderedListing>()));
  const key = `${json ? 'json' : 'html'} ${body.urlPath}?${query}`;
  let page = byQuery.get(key);
  if (!page) {
    page = render();
    // Sort spellings are few, but a client can vary the query at will: keep the map small.
    if (byQuery.size >= 32) byQuery.clear();
    byQuery.set(key, page);
  }
  return page;
}

export async function writeDecision(
  req: ServerRequest,
  res: ServerReply,
  d: Decision,
  out: WriteOptions = {},
): Promise<void> {
  const body = d.body;
  const method = req.method ?? 'GET';
  switch (body.kind) {
    case 'file':
      await sendDecisionFile(req, res, d, body, undefined, out);
      return;
    case 'listing': {
      const json = prefersJson((d.requestHeaders ?? req.headers).accept);
      const rendered = listingPage(req, d, body, json);
      const { bytes: page, headers: own } = await deflateListing(req, d, rendered, out);
      const part = method === 'GET' ? singleRange(d.requestHeaders ?? req.headers, page) : null;
      if (part === 'unsatisfiable') {
        // Apache's 416 for a generated page carries no Content-Range (the length was never known up front).
        const error = errorPage(req, d, 416, out);
        sendPage(req, res, d, 416, { ...error.headers, Vary: 'Accept' }, error.body);
      } else if (part) {
        sendPage(req, res, d, 206, { ...own, 'Content-Range': part.contentRange }, part.bytes);
      } else {
        sendPage(req, res, d, 200, own, page);
      }
      return;
    }
    case 'redirect': {
      if (d.status === 304) {
        // `Redirect 304`: Apache sends neither body nor Content-Type
        sendPage(req, res, d, 304, {}, '');
        return;
      }
      const page = builtinErrorPage(d.status, { method, url: req.url ?? '/', location: body.location });
      sendPage(req, res, d, d.status, page.headers, page.body);
      return;
    }
    case 'empty':
      sendPage(req, res, d, d.status, {}, '');
      return;
    case 'error':
      await writeError(req, res, d, out);
      return;
  }
}

async function writeError(req: ServerRequest, res: ServerReply, d: Decision, out: WriteOptions): Promise<void> {
  const eb = d.errorBody ?? { kind: 'builtin' as const };
  const method = req.method ?? 'GET';
  if (eb.kind === 'redirect') {
    // ErrorDocument with a full URL: the client is sent there with a 302 (never for 401)
    const page = builtinErrorPage(302, { method, url: req.url ?? '/', location: eb.location });
    sendPage(req, res, { ...d, headers: [['Location', eb.location]] }, 302, page.headers, page.body);
    return;
  }
  if (eb.kind === 'file') {
    await sendDecisionFile(req, res, d, eb, d.status, out);
    return;
  }
  if (eb.kind === 'text') {
    sendPage(req, res, d, d.status, { 'Content-Type': 'text/html; charset=iso-8859-1', ...SECURITY_HEADERS }, eb.text);
    return;
  }
  const page = errorPage(req, d, d.status, out, eb.additionally);
  sendPage(req, res, d, d.status, page.headers, page.body);
}
