// node:http wiring (node:https and node:http2 for HTTPS): limits, the per-request path
// (decide -> write), logs, privilege drop and graceful shutdown.
import http from 'node:http';
import type { Http2Session } from 'node:http2';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import type { ServerConfig } from '../config/server-config.js';
import { StartupError } from './context.js';
import { decide, type PipelineContext, type RequestInfo } from '../pipeline.js';
import { decisionLogLine, formatLoc, type Decision } from '../decision.js';
import { foldClientAddress } from '../authz/client-address.js';
import { capConnectionsPerAddress } from './connection-cap.js';
import { clientErrorResponse, sendEarlyError } from './early-error.js';
import type { ErrorPageStyle } from '../respond/error-response.js';
import { combinedLogLine, sanitizeForLog, type Logger } from './logs.js';
import { awaitTurn } from './pipelined.js';
import { rawTargetOf, recoverRawTarget } from './raw-target.js';
import { writeChecked } from './write-checked.js';
import { isHttp2, type ServerReply, type ServerRequest } from './exchange.js';
import { compileForwarding } from './forwarded.js';
import { createSecureServer, reloadTls, type SecureServer } from './tls.js';
import { createRedirectServer } from './redirect-to-https.js';
import type { Scheme } from '../request.js';

export interface RunningServer {
  server: http.Server | SecureServer;
  /** `http://…` or `https://…`, the address actually bound. */
  url: string;
  /** `[tls] redirect_port`'s listener, when configured: `http://…`. */
  redirectUrl: string | null;
  /** Re-reads `[tls] cert` and `key` for new connections (a no-op without TLS); rejects and keeps the old pair on error. */
  reloadTls(): Promise<void>;
  close(): Promise<void>;
}

function hasBody(req: ServerRequest): boolean {
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
}

const VALID_HOST = /^(?:[A-Za-z0-9._-]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?$/;

/**
 * Apache refuses (400) a header line longer than LimitRequestFieldSize, a repeated Host header,
 * or a Host that is not a host name/address and port.
 */
function badHeaders(req: ServerRequest, host: string | undefined, maxFieldBytes: number): boolean {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (name.length + 2 + req.rawHeaders[i + 1]!.length > maxFieldBytes) return true;
    if (name.toLowerCase() === 'host') count++;
  }
  if (count > 1) return true;
  return host !== undefined && !VALID_HOST.test(host);
}

/**
 * HTTP/2 names the host in the :authority pseudo-header and has no Host line; Apache's mod_http2
 * turns it into Host, and access files see the headers without pseudo-headers.
 */
function requestHeaders(req: ServerRequest): { host: string | undefined; headers: ServerRequest['headers'] } {
  if (!isHttp2(req)) return { host: req.headers.host, headers: req.headers };
  const headers: ServerRequest['headers'] = {};
  for (const [name, value] of Object.entries(req.headers)) if (!name.startsWith(':')) headers[name] = value;
  const authority = req.headers[':authority'];
  if (headers.host === undefined && typeof authority === 'string') headers.host = authority;
  return { host: headers.host, headers };
}

/** https when the connection is TLS (node:https, node:http2, or a library caller's https server). */
function connectionScheme(req: ServerRequest): Scheme {
  return (req.socket as Socket & { encrypted?: boolean }).encrypted === true ? 'https' : 'http';
}

export interface RequestHandlerOptions {
  /** Library mode: a decision this accepts goes to the caller's `next()` instead of being written. */
  passOn?: (decision: Decision) => boolean;
}

export function createRequestHandler(ctx: PipelineContext, log: Logger, opts: RequestHandlerOptions = {}) {
  const cfg = ctx.config.server;
  const forwarded = compileForwarding(ctx.config.proxy);
  const hsts = ctx.config.tls.hsts;
  return async (req: ServerRequest, res: ServerReply, next?: () => void): Promise<void> => {
    const turn = awaitTurn(req, res);
    if (turn !== true && !(await turn)) return; // the client left while this request was queued
    const time = new Date();
    // a target with raw bytes 0x80-0xFF arrives replayed (src/server/raw-target.ts): use the original
    const raw = rawTargetOf(req);
    const target = raw?.text ?? req.url ?? '/';
    const method = req.method ?? 'GET';
    let user: string | null = null;
    let passed = false;
    // We never read request bodies: close the connection after answering instead of draining.
    // A replayed request's connection cannot go on either. (An HTTP/2 stream just ends.)
    const h2 = isHttp2(req);
    if (!h2 && (hasBody(req) || raw)) res.setHeader('Connection', 'close');
    const peer = foldClientAddress(req.socket.remoteAddress);
    const tlsConnection = connectionScheme(req);
    const client = forwarded ? forwarded(peer, req.headers, tlsConnection) : { ip: peer, scheme: tlsConnection };
    // HSTS only on answers that really went over TLS to us (browsers ignore it over plain HTTP anyway)
    if (hsts !== null && tlsConnection === 'https') res.setHeader('Strict-Transport-Security', hsts);
    try {
      const { host, headers } = requestHeaders(req);
      if ((raw?.bytes ?? target.length) > cfg.maxUrlLength) {
        sendEarlyError(req, res, 414, cfg.errorPages);
      } else if (badHeaders(req, host, cfg.maxHeaderFieldBytes)) {
        sendEarlyError(req, res, 400, cfg.errorPages);
      } else {
        const info: RequestInfo = {
          method,
          target,
          host: host ?? `${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${cfg.port}`,
          authorization: req.headers.authorization,
          clientIp: client.ip,
          clientPort: req.socket.remotePort,
          localIp: foldClientAddress(req.socket.localAddress),
          headers,
          protocol: `HTTP/${req.httpVersion}`,
          scheme: client.scheme,
        };
        const decision = await decide(info, ctx);
        user = decision.user;
        if (decision.logNote) {
          const n = decision.logNote;
          const where = n.code === 'HT500' ? '' : ` [client ${info.clientIp}]`;
          log[n.level](n.code, `${n.message}${where}: ${sanitizeForLog(target)}`);
        }
        if (log.enabled('debug')) {
          log.debug('DECISION', sanitizeForLog(decisionLogLine(method, target, decision)));
          for (const s of decision.steps) {
            log.debug(
              'STEP',
              sanitizeForLog(
                `  [${s.stage}] ${s.loc ? formatLoc(s.loc) + ': ' : ''}${s.text}${s.result ? ` => ${s.result}` : ''}`,
              ),
            );
          }
        }
        if (next && opts.passOn?.(decision)) passed = true;
        else user = await writeChecked(req, res, info, decision, ctx, log);
      }
    } catch (e) {
      log.error(
        'HT000',
        `internal error for ${sanitizeForLog(method)} ${sanitizeForLog(target)}: ${(e as Error).stack ?? String(e)}`,
      );
      if (!res.headersSent) sendEarlyError(req, res, 500, cfg.errorPages);
      else res.destroy();
    } finally {
      const len = res.getHeader('content-length');
      // Built only when written: formatting a log line costs more than the rest of a cached answer.
      if (!passed && log.accessEnabled)
        log.access(
          combinedLogLine({
            clientIp: client.ip,
            user,
            time,
            method,
            target,
            httpVersion: req.httpVersion,
            status: res.statusCode,
            bytes: method === 'HEAD' || len === undefined ? null : Number(len),
            referer: req.headers.referer,
            userAgent: req.headers['user-agent'],
          }),
        );
    }
    if (passed) {
      // the next handler may read the body: the Connection: close set above is not ours to send
      if (!h2 && hasBody(req)) res.removeHeader('Connection');
      next!();
    }
  };
}

/** A plain server: node:http with its own limits. */
function createPlainServer(s: ServerConfig['server'], onRequest: (req: ServerRequest, res: ServerReply) => void) {
  return http.createServer(
    {
      maxHeaderSize: s.maxHeaderBytes,
      requestTimeout: s.requestTimeoutMs,
      headersTimeout: s.headersTimeoutMs,
      keepAliveTimeout: s.keepAliveTimeoutMs,
      // node enforces headersTimeout/requestTimeout only when it sweeps its connections, every 30 s by
      // default: a slowloris head would live up to 30 s past headers_timeout_ms. Sweep often enough that the
      // configured timeouts are what holds.
      connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(s.headersTimeoutMs / 4))),
    },
    onRequest,
  );
}

/** An HTTP/1 error answered on the raw socket: node could not parse the request. */
function answerClientError(
  err: NodeJS.ErrnoException,
  socket: { writable: boolean; end(s: string): void; destroy(): void },
  style: ErrorPageStyle,
) {
  if (!socket.writable) return socket.destroy();
  // An unknown method token is "not implemented" (Apache: 501), not a malformed request.
  const status =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : err.code === 'HPE_INVALID_METHOD'
        ? 501
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400;
  socket.end(clientErrorResponse(status, (err as { rawPacket?: Buffer }).rawPacket, style));
}

function listen(server: NetServer, port: number, host: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      resolve(addr.family === 'IPv6' ? `[${addr.address}]:${addr.port}` : `${addr.address}:${addr.port}`);
    });
  });
}

/**
 * Stops accepting, lets busy connections finish (HTTP/2 sessions get a GOAWAY and finish their
 * streams), and cuts whatever is still open after a grace period.
 */
function closeGracefully(
  server: NetServer,
  sockets: ReadonlySet<Socket>,
  sessions: ReadonlySet<Http2Session>,
): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    // node:http and node:https drop idle keep-alive connections at once (HTTP/2 sessions get a GOAWAY below)
    (server as NetServer & { closeIdleConnections?: () => void }).closeIdleConnections?.();
    for (const session of sessions) session.close();
    setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, 3000).unref();
  });
}

/** The server's open TCP connections and HTTP/2 sessions, for shutdown. */
function track(server: NetServer): { sockets: Set<Socket>; sessions: Set<Http2Session> } {
  const sockets = new Set<Socket>();
  const sessions = new Set<Http2Session>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  return { sockets, sessions };
}

export async function startServer(config: ServerConfig, ctx: PipelineContext, log: Logger): Promise<RunningServer> {
  const s = config.server;
  const handle = createRequestHandler(ctx, log);
  const onRequest = (req: ServerRequest, res: ServerReply) => void handle(req, res);
  let server: http.Server | SecureServer;
  try {
    server = config.tls.cert !== null ? createSecureServer(s, config.tls, onRequest) : createPlainServer(s, onRequest);
  } catch (e) {
    throw new StartupError((e as Error).message);
  }
  const secure = config.tls.cert !== null;
  // Beyond either cap a connection is closed unanswered (node drops those over maxConnections itself).
  // Caps count TCP peers: behind a proxy that is the proxy, not the forwarded client.
  server.maxConnections = s.maxConnections;
  capConnectionsPerAddress(server, s.maxConnectionsPerIp, log);
  // Bound slow or stalled clients on the response side too (requestTimeout only covers the request).
  // (node:http2 reports an idle session, and an idle HTTP/1.1 socket of its fallback, the same way)
  server.setTimeout(s.socketTimeoutMs);
  server.on('timeout', (connection: { destroy(): void }) => connection.destroy());
  const main = server;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (recoverRawTarget(main, err, socket, s.maxHeaderBytes)) return;
    answerClientError(err, socket, s.errorPages);
  });
  const open = track(server);
  const address = await listen(server, s.port, s.host);
  const port = (server.address() as AddressInfo).port;
  let redirect: { server: http.Server; url: string; open: ReturnType<typeof track> } | null = null;
  if (config.tls.redirectPort !== null) {
    const r = createRedirectServer(s, () => port, log);
    const opened = track(r);
    try {
      redirect = { server: r, url: `http://${await listen(r, config.tls.redirectPort, s.host)}`, open: opened };
    } catch (e) {
      await closeGracefully(server, open.sockets, open.sessions);
      throw e;
    }
  }
  return {
    server,
    url: `${secure ? 'https' : 'http'}://${address}`,
    redirectUrl: redirect?.url ?? null,
    reloadTls: () => (server instanceof http.Server ? Promise.resolve() : reloadTls(server, config.tls)),
    close: async () => {
      await Promise.all([
        closeGracefully(server, open.sockets, open.sessions),
        redirect ? closeGracefully(redirect.server, redirect.open.sockets, redirect.open.sessions) : undefined,
      ]);
    },
  };
}
