// Errors answered before a request is decided: the 414 and 400 the request handler checks first,
// its last-resort 500, and what Node's parser refuses on the socket (400, 408, 431, 501). They
// follow server.error_pages and the client's Accept like every other generated error; on the
// socket there is no parsed request, so Accept and the method are read from the raw bytes.
import http from 'node:http';
import type { ServerReply, ServerRequest } from './exchange.js';
import { errorPageFor, type ErrorPageStyle } from '../respond/error-response.js';
import { builtinErrorPage } from '../respond/error-page.js';
import { sendGenerated } from '../respond/send-html.js';

/** The methods a static file answers (the 501 page and its Allow name them). */
const ALLOW = 'GET, HEAD, OPTIONS';

export function sendEarlyError(req: ServerRequest, res: ServerReply, status: number, style: ErrorPageStyle): void {
  const page = errorPageFor(status, {
    style,
    accept: req.headers.accept,
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    user: null,
  });
  sendGenerated(req, res, status, page.headers, page.body);
}

/** Method and Accept of a request head Node could not parse, from the bytes it had (a bounded look). */
function sniffHead(raw: Buffer | undefined): { method: string | undefined; accept: string | undefined } {
  if (!raw) return { method: undefined, accept: undefined };
  const text = raw.subarray(0, 65536).toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd === -1 ? text : text.slice(0, headEnd);
  const method = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}) /.exec(head)?.[1];
  const accept = /\r?\nAccept[ \t]*:[ \t]*([^\r\n]*)/i.exec(head)?.[1];
  return { method, accept };
}

/**
 * The whole response (head and body) for a request Node's parser refused, given the bytes it
 * had received (`err.rawPacket`). The connection is closed after it.
 */
export function clientErrorResponse(status: number, rawPacket: Buffer | undefined, style: ErrorPageStyle): string {
  const allow = status === 501 ? `Allow: ${ALLOW}\r\n` : '';
  const statusLine = `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n`;
  if (style === 'apache') {
    // Apache's page, as Apache sends it here: no negotiation, only its Content-Type
    const page = builtinErrorPage(status, { method: 'GET', url: '/' });
    return (
      `${statusLine}${allow}Content-Type: ${page.contentType}\r\nContent-Length: ` +
      `${Buffer.byteLength(page.body)}\r\nConnection: close\r\n\r\n${page.body}`
    );
  }
  const { method, accept } = sniffHead(rawPacket);
  const page = errorPageFor(status, {
    style,
    accept,
    method: method ?? 'GET',
    url: '/',
    user: null,
    ...(status === 501 ? { allow: ALLOW } : {}),
  });
  const headers = Object.entries(page.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (
    `${statusLine}${allow}${headers}Content-Length: ${Buffer.byteLength(page.body)}\r\n` +
    `Connection: close\r\n\r\n${page.body}`
  );
}
