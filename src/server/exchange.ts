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
