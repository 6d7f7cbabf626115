// `[tls] redirect_port`: a plain-HTTP listener that answers every request with a redirect to the
// same host and target on https:// (301 for GET and HEAD, 308 for other methods, so a POST stays
// a POST). It decides nothing else: no access files, no files, no credentials over plain HTTP.
import http from 'node:http';
import type { ServerConfig } from '../config/server-config.js';
import { foldClientAddress } from '../authz/client-address.js';
import { builtinErrorPage, SECURITY_HEADERS } from '../respond/error-page.js';
import { sendGenerated } from '../respond/send-html.js';
import { splitHost } from '../text/host.js';
import { capConnectionsPerAddress } from './connection-cap.js';
import { combinedLogLine, type Logger } from './logs.js';

const VALID_HOST = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?$/;

/** The path and query to keep: origin-form as sent; absolute-form reduced to its path. */
function targetOf(url: string): string {
  if (url.startsWith('/')) return url;
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return '/';
  }
}

export function createRedirectServer(s: ServerConfig['server'], httpsPort: () => number, log: Logger): http.Server {
  const server = http.createServer(
    {
      maxHeaderSize: s.maxHeaderBytes,
      requestTimeout: s.requestTimeoutMs,
      headersTimeout: s.headersTimeoutMs,
      keepAliveTimeout: s.keepAliveTimeoutMs,
    },
    (req, res) => {
      const time = new Date();
      const method = req.method ?? 'GET';
      const host = req.headers.host;
      if (host === undefined || !VALID_HOST.test(host)) {
        const page = builtinErrorPage(400, { method, url: req.url ?? '/' });
        sendGenerated(req, res, 400, { 'Content-Type': page.contentType, ...SECURITY_HEADERS }, page.body);
      } else {
        const port = httpsPort();
        const location = `https://${splitHost(host).name}${port === 443 ? '' : `:${port}`}${targetOf(req.url ?? '/')}`;
        const status = method === 'GET' || method === 'HEAD' ? 301 : 308;
        const page = builtinErrorPage(status, { method, url: req.url ?? '/', location });
        // a body we never read: close rather than drain it
        if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined)
          res.setHeader('Connection', 'close');
        sendGenerated(req, res, status, page.headers, page.body);
      }
      if (log.accessEnabled)
        log.access(
          combinedLogLine({
            clientIp: foldClientAddress(req.socket.remoteAddress),
            user: null,
            time,
            method,
            target: req.url ?? '/',
            httpVersion: req.httpVersion,
            status: res.statusCode,
            bytes: method === 'HEAD' ? null : Number(res.getHeader('content-length') ?? 0),
            referer: req.headers.referer,
            userAgent: req.headers['user-agent'],
          }),
        );
    },
  );
  server.maxConnections = s.maxConnections;
  capConnectionsPerAddress(server, s.maxConnectionsPerIp, log);
  server.setTimeout(s.socketTimeoutMs, (socket) => socket.destroy());
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
