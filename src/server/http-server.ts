// node:http wiring: limits, the per-request path (decide -> write), logs, privilege drop and
// graceful shutdown.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from '../config/server-config.js';
import { decide, type PipelineContext, type RequestInfo } from '../pipeline.js';
import { decisionLogLine, formatLoc, type Decision } from '../decision.js';
import { foldClientAddress } from '../authz/client-address.js';
import { builtinErrorPage, SECURITY_HEADERS } from '../respond/error-page.js';
import { sendGenerated } from '../respond/send-html.js';
import { capConnectionsPerAddress } from './connection-cap.js';
import { combinedLogLine, sanitizeForLog, type Logger } from './logs.js';
import { awaitTurn } from './pipelined.js';
import { rawTargetOf, recoverRawTarget } from './raw-target.js';
import { writeChecked } from './write-checked.js';
import { applyLiveLimits, drainAndClose, Generation } from './generation.js';

export interface RunningServer {
  server: http.Server;
  url: string;
  /** Stop accepting, close idle connections, let requests in flight finish within the grace period. */
  close(): Promise<void>;
  /**
   * Serve new requests from `ctx` (a reload); resolves once every request the previous context
   * was serving has finished, so the caller can close it.
   */
  swap(ctx: PipelineContext): Promise<void>;
}

function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
}

const VALID_HOST = /^(?:[A-Za-z0-9._-]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?$/;

/**
 * Apache refuses (400) a header line longer than LimitRequestFieldSize, a repeated Host header,
 * or a Host that is not a host name/address and port.
 */
function badHeaders(req: IncomingMessage, maxFieldBytes: number): boolean {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (name.length + 2 + req.rawHeaders[i + 1]!.length > maxFieldBytes) return true;
    if (name.toLowerCase() === 'host') count++;
  }
  if (count > 1) return true;
  const host = req.headers.host;
  return host !== undefined && !VALID_HOST.test(host);
}

function sendBuiltin(req: IncomingMessage, res: ServerResponse, status: number): void {
  const page = builtinErrorPage(status, { method: req.method ?? 'GET', url: req.url ?? '/' });
  sendGenerated(req, res, status, { 'Content-Type': page.contentType, ...SECURITY_HEADERS }, page.body);
}

export interface RequestHandlerOptions {
  /** Library mode: a decision this accepts goes to the caller's `next()` instead of being written. */
  passOn?: (decision: Decision) => boolean;
}

export function createRequestHandler(ctx: PipelineContext, log: Logger, opts: RequestHandlerOptions = {}) {
  const cfg = ctx.config.server;
  return async (req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void> => {
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
    // A replayed request's connection cannot go on either.
    if (hasBody(req) || raw) res.setHeader('Connection', 'close');
    try {
      if ((raw?.bytes ?? target.length) > cfg.maxUrlLength) {
        sendBuiltin(req, res, 414);
      } else if (badHeaders(req, cfg.maxHeaderFieldBytes)) {
        sendBuiltin(req, res, 400);
      } else {
        const info: RequestInfo = {
          method,
          target,
          host: req.headers.host ?? `${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${cfg.port}`,
          authorization: req.headers.authorization,
          clientIp: foldClientAddress(req.socket.remoteAddress),
          localIp: foldClientAddress(req.socket.localAddress),
          headers: req.headers,
          protocol: `HTTP/${req.httpVersion}`,
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
      if (!res.headersSent) sendBuiltin(req, res, 500);
      else res.destroy();
    } finally {
      const len = res.getHeader('content-length');
      // Built only when written: formatting a log line costs more than the rest of a cached answer.
      if (!passed && log.accessEnabled)
        log.access(
          combinedLogLine({
            clientIp: foldClientAddress(req.socket.remoteAddress),
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
      if (hasBody(req)) res.removeHeader('Connection');
      next!();
    }
  };
}

export async function startServer(config: ServerConfig, ctx: PipelineContext, log: Logger): Promise<RunningServer> {
  const s = config.server;
  const server = http.createServer({
    maxHeaderSize: s.maxHeaderBytes,
    requestTimeout: s.requestTimeoutMs,
    headersTimeout: s.headersTimeoutMs,
    keepAliveTimeout: s.keepAliveTimeoutMs,
    // node enforces headersTimeout/requestTimeout only when it sweeps its connections, every 30 s by
    // default: a slowloris head would live up to 30 s past headers_timeout_ms. Sweep often enough that the
    // configured timeouts are what holds.
    connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(s.headersTimeoutMs / 4))),
  });
  // A reload swaps the generation; each request is counted against the one that took it.
  let current = new Generation(server, ctx, createRequestHandler(ctx, log));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => current.serve(req, res));
  // Beyond either cap a connection is closed unanswered (node drops those over maxConnections itself).
  server.maxConnections = s.maxConnections;
  capConnectionsPerAddress(server, s.maxConnectionsPerIp, log);
  // Bound slow or stalled clients on the response side too (requestTimeout only covers the request).
  server.setTimeout(s.socketTimeoutMs, (socket) => socket.destroy());
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (recoverRawTarget(server, err, socket, s.maxHeaderBytes)) return;
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
    const page = builtinErrorPage(status, { method: 'GET', url: '/' });
    const allow = status === 501 ? 'Allow: GET, HEAD, OPTIONS\r\n' : '';
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${allow}Content-Type: ` +
        `${page.contentType}\r\nContent-Length: ${Buffer.byteLength(page.body)}\r\nConnection: close\r\n\r\n${page.body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(s.port, s.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  return {
    server,
    url,
    close: () => drainAndClose(server, current.ctx.config.server.shutdownGraceMs),
    swap: (next) => {
      const old = current;
      current = new Generation(server, next, createRequestHandler(next, log));
      applyLiveLimits(server, next.config.server);
      return old.drained();
    },
  };
}
