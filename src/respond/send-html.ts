// Writer for responses htserve generates itself (built-in error pages, text ErrorDocuments,
// listings, 416 pages).

import type { OutgoingHttpHeaders } from 'node:http';
import { mayCarry, type ServerReply, type ServerRequest } from '../server/exchange.js';

/** Set headers one by one so names are merged case-insensitively (a caller's `content-type`
 * and our `Content-Type` end up as one header). */
export function applyHeaders(res: ServerReply, headers: OutgoingHttpHeaders): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && mayCarry(res, name)) res.setHeader(name, value);
  }
}

export interface SendGeneratedOptions {
  /**
   * Send Content-Length on HEAD too. Default false: Apache's generated pages (built-in error
   * pages, listings) answer HEAD with the same headers but no body and no Content-Length.
   */
  contentLengthOnHead?: boolean;
}

/** Send a generated body with an exact Content-Length; HEAD gets the headers only. */
export function sendGenerated(
  req: ServerRequest,
  res: ServerReply,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string | Buffer,
  opts: SendGeneratedOptions = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const isHead = req.method === 'HEAD';
  applyHeaders(res, headers);
  if (!isHead || opts.contentLengthOnHead === true) res.setHeader('Content-Length', bytes.length);
  else res.removeHeader('Content-Length');
  res.writeHead(status);
  if (isHead) res.end();
  else res.end(bytes);
}
