// One request/response pair as the handler and the writers see it: node:http's objects, or
// node:http2's compatibility objects for HTTP/2 streams (the same methods, a few differences:
// no connection-level headers, pseudo-headers among the request headers, no Host header).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

export type ServerRequest = IncomingMessage | Http2ServerRequest;
export type ServerReply = ServerResponse | Http2ServerResponse;

/** Headers HTTP/2 forbids (RFC 9113 section 8.2.2): they belong to one HTTP/1.1 connection. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

export function isHttp2(req: ServerRequest): req is Http2ServerRequest {
  return req.httpVersionMajor === 2;
}

/** False for a header that may not be sent on this response (a connection header on HTTP/2). */
export function mayCarry(res: ServerReply, name: string): boolean {
  return !('stream' in res) || !CONNECTION_HEADERS.has(name.toLowerCase());
}

/** Headers node:http2 sends with one value only (it throws at writeHead on an array): node's own list. */
const HTTP2_SINGLE_VALUE = new Set([
  'access-control-allow-credentials',
  'access-control-max-age',
  'access-control-request-method',
  'age',
  'authorization',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-md5',
  'content-range',
  'content-type',
  'date',
  'dnt',
  'etag',
  'expires',
  'from',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'range',
  'referer',
  'retry-after',
  'tk',
  'upgrade-insecure-requests',
  'user-agent',
  'x-content-type-options',
]);

/**
 * Set a header to several values (several lines on HTTP/1.1). On HTTP/2 a header that may carry
 * one value only keeps the last one, the server's own when rules added others before it.
 */
export function setHeaderValues(res: ServerReply, name: string, values: readonly string[]): void {
  if (values.length === 1 || ('stream' in res && HTTP2_SINGLE_VALUE.has(name.toLowerCase())))
    res.setHeader(name, values[values.length - 1]!);
  else res.setHeader(name, [...values]);
}
