// The only place a Decision becomes bytes on the socket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from '../decision.js';
import type { HeaderRule } from '../htaccess/types.js';
import { sendFile } from '../respond/send-file.js';
import { renderListing, LISTING_CONTENT_TYPE } from '../respond/listing.js';
import { builtinErrorPage, SECURITY_HEADERS } from '../respond/error-page.js';
import { sendGenerated } from '../respond/send-html.js';

/** `Header set|append|add|merge|unset` from access files (mod_headers, common cases). */
export function applyHeaderRules(res: ServerResponse, rules: readonly HeaderRule[], status: number, env: ReadonlyMap<string, string> = new Map()): void {
  const success = status < 400;
  for (const rule of rules) {
    if (!rule.always && !success) continue;
    if (rule.env && env.has(rule.env.name) === rule.env.negate) continue;
    const current = res.getHeader(rule.name);
    switch (rule.action) {
      case 'set':
        res.setHeader(rule.name, rule.value ?? '');
        break;
      case 'unset':
        res.removeHeader(rule.name);
        break;
      case 'append':
      case 'merge': {
        const existing = current === undefined ? '' : String(current);
        const parts = existing.split(',').map((s) => s.trim()).filter(Boolean);
        if (rule.action === 'merge' && parts.includes(rule.value ?? '')) break;
        res.setHeader(rule.name, existing ? `${existing}, ${rule.value ?? ''}` : rule.value ?? '');
        break;
      }
      case 'add': {
        const list = current === undefined ? [] : Array.isArray(current) ? current : [String(current)];
        res.setHeader(rule.name, [...list, rule.value ?? '']);
        break;
      }
    }
  }
}

/** Node writes header strings as latin1; send non-ASCII text (a UTF-8 realm) as its UTF-8 bytes, like Apache. */
function headerValue(v: string): string {
  return /[^\x00-\x7f]/.test(v) ? Buffer.from(v, 'utf8').toString('latin1') : v;
}

function setDecisionHeaders(res: ServerResponse, d: Decision, status: number): void {
  for (const [k, v] of d.headers) res.setHeader(k, headerValue(v));
  if (d.config) applyHeaderRules(res, d.config.headers, status, d.env);
}

export async function writeDecision(req: IncomingMessage, res: ServerResponse, d: Decision): Promise<void> {
  const body = d.body;
  switch (body.kind) {
    case 'file':
      for (const [k, v] of d.headers) res.setHeader(k, headerValue(v));
      await sendFile(req, res, { path: body.path, stat: body.stat, contentType: body.contentType }, {
        beforeHead: (status) => { if (d.config) applyHeaderRules(res, d.config.headers, status, d.env); },
      });
      return;
    case 'listing': {
      setDecisionHeaders(res, d, d.status);
      const html = renderListing(body.urlPath, body.entries, new URL(req.url ?? '/', 'http://x').search.slice(1));
      sendGenerated(req, res, 200, { 'Content-Type': LISTING_CONTENT_TYPE, ...SECURITY_HEADERS }, html);
      return;
    }
    case 'redirect': {
      setDecisionHeaders(res, d, d.status);
      const page = builtinErrorPage(d.status, { method: req.method ?? 'GET', url: req.url ?? '/', location: body.location });
      sendGenerated(req, res, d.status, { 'Content-Type': page.contentType, ...SECURITY_HEADERS }, page.body);
      return;
    }
    case 'empty':
      setDecisionHeaders(res, d, d.status);
      sendGenerated(req, res, d.status, {}, '');
      return;
    case 'error':
      await writeError(req, res, d);
      return;
  }
}

async function writeError(req: IncomingMessage, res: ServerResponse, d: Decision): Promise<void> {
  const eb = d.errorBody ?? { kind: 'builtin' as const };
  const method = req.method ?? 'GET';
  if (eb.kind === 'redirect') {
    // ErrorDocument with a full URL: the client is sent there with a 302 (never for 401)
    res.setHeader('Location', eb.location);
    if (d.config) applyHeaderRules(res, d.config.headers, 302, d.env);
    const page = builtinErrorPage(302, { method, url: req.url ?? '/', location: eb.location });
    sendGenerated(req, res, 302, { 'Content-Type': page.contentType, ...SECURITY_HEADERS }, page.body);
    return;
  }
  if (eb.kind === 'file') {
    for (const [k, v] of d.headers) res.setHeader(k, headerValue(v));
    await sendFile(req, res, { path: eb.path, stat: eb.stat, contentType: eb.contentType }, {
      conditional: false, status: d.status,
      beforeHead: (status) => { if (d.config) applyHeaderRules(res, d.config.headers, status, d.env); },
    });
    return;
  }
  setDecisionHeaders(res, d, d.status);
  if (eb.kind === 'text') {
    sendGenerated(req, res, d.status, { 'Content-Type': 'text/html; charset=iso-8859-1', ...SECURITY_HEADERS }, eb.text);
    return;
  }
  const page = builtinErrorPage(d.status, {
    method, url: req.url ?? '/', ...(eb.additionally !== undefined ? { additionally: eb.additionally } : {}),
    ...(d.status === 405 ? { allow: 'GET, HEAD, OPTIONS' } : {}),
  });
  sendGenerated(req, res, d.status, { 'Content-Type': page.contentType, ...SECURITY_HEADERS }, page.body);
}
