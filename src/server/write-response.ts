// The only place a Decision becomes bytes on the socket.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Decision } from '../decision.js';
import type { HeaderRule } from '../htaccess/types.js';
import { sendFile } from '../respond/send-file.js';
import type { BodyCache } from '../respond/body-cache.js';
import type { ListingEntry } from '../decision.js';
import { listingOptionsFor, renderListing, LISTING_CONTENT_TYPE } from '../respond/listing.js';
import { builtinErrorPage, SECURITY_HEADERS } from '../respond/error-page.js';
import { applyHeaders, sendGenerated } from '../respond/send-html.js';
import { planRange } from '../respond/range.js';
import { encodeBytes } from '../text/decode-bytes.js';

/**
 * `Header set|setifempty|append|add|merge|unset|edit|edit*` from access files (mod_headers).
 * Like Apache, adding to Content-Type (append/merge/add) has no effect (it is not an ordinary
 * header there), and rules run before the authentication challenge is added, so they can
 * neither remove nor replace it.
 */
export function applyHeaderRules(
  res: ServerResponse,
  rules: readonly HeaderRule[],
  status: number,
  env: ReadonlyMap<string, string> = new Map(),
): void {
  const success = status < 400;
  for (const rule of rules) {
    if (!rule.always && !success) continue;
    if (rule.env && env.has(rule.env.name) === rule.env.negate) continue;
    const name = rule.name.toLowerCase();
    if (name === 'content-type' && (rule.action === 'append' || rule.action === 'merge' || rule.action === 'add'))
      continue;
    const current = res.getHeader(rule.name);
    switch (rule.action) {
      case 'set':
        res.setHeader(rule.name, headerValue(rule.value ?? ''));
        break;
      case 'setifempty':
        if (current === undefined || String(current) === '') res.setHeader(rule.name, headerValue(rule.value ?? ''));
        break;
      case 'unset':
        res.removeHeader(rule.name);
        break;
      case 'edit':
      case 'edit*': {
        if (current === undefined || !rule.edit) break;
        const re =
          rule.action === 'edit*' ? new RegExp(rule.edit.source, rule.edit.flags.replace('g', '') + 'g') : rule.edit;
        const edit = (v: string) => v.replace(re, rule.value ?? '');
        res.setHeader(
          rule.name,
          Array.isArray(current) ? current.map((v) => headerValue(edit(v))) : headerValue(edit(String(current))),
        );
        break;
      }
      case 'append':
      case 'merge': {
        const existing = current === undefined ? '' : String(current);
        const parts = existing
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (rule.action === 'merge' && parts.includes(rule.value ?? '')) break;
        res.setHeader(rule.name, headerValue(existing ? `${existing}, ${rule.value ?? ''}` : (rule.value ?? '')));
        break;
      }
      case 'add': {
        const list = current === undefined ? [] : Array.isArray(current) ? current : [String(current)];
        res.setHeader(rule.name, [...list, headerValue(rule.value ?? '')]);
        break;
      }
    }
  }
}

/**
 * Node writes header strings as latin1; send non-ASCII text (a UTF-8 realm) as its UTF-8 bytes,
 * like Apache, and an escaped raw byte (a raw query appended to a Location) as that byte.
 */
function headerValue(v: string): string {
  return /[^\x00-\x7f]/.test(v) ? encodeBytes(v).toString('latin1') : v;
}

/** The Decision's own headers; a challenge is added after any `Header` rule's WWW-Authenticate. */
function setDecisionHeaders(res: ServerResponse, d: Decision): void {
  for (const [k, v] of d.headers) {
    const current = k.toLowerCase() === 'www-authenticate' ? res.getHeader(k) : undefined;
    if (current === undefined) res.setHeader(k, headerValue(v));
    else res.setHeader(k, [...(Array.isArray(current) ? current : [String(current)]), headerValue(v)]);
  }
}

/** A generated page: its own headers, then the access files' Header rules, then the Decision's. */
function sendPage(
  req: IncomingMessage,
  res: ServerResponse,
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
  if (d.config) applyHeaderRules(res, d.config.headers, status, d.env);
  setDecisionHeaders(res, d);
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

function sendDecisionFile(
  req: IncomingMessage,
  res: ServerResponse,
  d: Decision,
  file: { path: string; stat: import('node:fs').Stats; noFollow: boolean; contentType: string | null },
  errorStatus: number | undefined,
  out: WriteOptions,
): Promise<void> {
  return sendFile(req, res, file, {
    bodies: out.bodies,
    ...(d.requestHeaders ? { requestHeaders: d.requestHeaders } : {}),
    ...(errorStatus !== undefined ? { conditional: false, status: errorStatus } : {}),
    beforeHead: (status) => {
      if (d.config) applyHeaderRules(res, d.config.headers, status, d.env);
      setDecisionHeaders(res, d);
    },
  });
}

export interface WriteOptions {
  /** The small-file body cache, when the server keeps one. */
  bodies?: BodyCache | undefined;
}

/**
 * Rendered listing pages: the entries array is shared while the listing cache keeps it, and the
 * configuration object while the rules are the same, so (entries, config, query) names the page.
 * Pages with a HeaderName/ReadmeName insert are rendered per request.
 */
const renderedListings = new WeakMap<readonly ListingEntry[], WeakMap<object, Map<string, Buffer>>>();
const NO_CONFIG = {};

function listingPage(req: IncomingMessage, d: Decision, body: Extract<Decision['body'], { kind: 'listing' }>): Buffer {
  const query = new URL(req.url ?? '/', 'http://x').search.slice(1);
  const render = () =>
    Buffer.from(renderListing(body.urlPath, body.entries, query, listingOptionsFor(d.config), body), 'utf8');
  if (body.header || body.readme) return render();
  let byConfig = renderedListings.get(body.entries);
  if (!byConfig) renderedListings.set(body.entries, (byConfig = new WeakMap()));
  const cfgKey = d.config ?? NO_CONFIG;
  let byQuery = byConfig.get(cfgKey);
  if (!byQuery) byConfig.set(cfgKey, (byQuery = new Map<string, Buffer>()));
  const key = `${body.urlPath}?${query}`;
  let page = byQuery.get(key);
  if (!page) {
    page = render();
    // Sort spellings are few, but a client can vary the query at will: keep the map small.
    if (byQuery.size >= 16) byQuery.clear();
    byQuery.set(key, page);
  }
  return page;
}

export async function writeDecision(
  req: IncomingMessage,
  res: ServerResponse,
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
      const html = listingPage(req, d, body);
      const part = method === 'GET' ? singleRange(d.requestHeaders ?? req.headers, html) : null;
      if (part === 'unsatisfiable') {
        // Apache's 416 for a generated page carries no Content-Range (the length was never known up front).
        const page = builtinErrorPage(416, { method, url: req.url ?? '/' });
        sendPage(req, res, d, 416, page.headers, page.body);
      } else if (part) {
        sendPage(
          req,
          res,
          d,
          206,
          { 'Content-Type': LISTING_CONTENT_TYPE, 'Content-Range': part.contentRange, ...SECURITY_HEADERS },
          part.bytes,
        );
      } else {
        sendPage(req, res, d, 200, { 'Content-Type': LISTING_CONTENT_TYPE, ...SECURITY_HEADERS }, html);
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

async function writeError(req: IncomingMessage, res: ServerResponse, d: Decision, out: WriteOptions): Promise<void> {
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
  const page = builtinErrorPage(d.status, {
    method,
    url: req.url ?? '/',
    ...(eb.additionally !== undefined ? { additionally: eb.additionally } : {}),
    ...(d.status === 405 ? { allow: 'GET, HEAD, OPTIONS' } : {}),
  });
  sendPage(req, res, d, d.status, page.headers, page.body);
}
