// One configuration's turn at serving (a reload starts the next) and the graceful end of a server.
// Requests are counted per generation, so the context a reload replaces is closed only once the
// last request it started has finished (a download in flight keeps its caches and watchers).
import http from 'node:http';
import type { Http2Session } from 'node:http2';
import type { Server as NetServer, Socket } from 'node:net';
import type { ServerConfig } from '../config/server-config.js';
import type { PipelineContext } from '../request.js';
import { mayCarry, type ServerReply, type ServerRequest } from './exchange.js';

type Handler = (req: ServerRequest, res: ServerReply) => Promise<void>;

/** A server's open TCP connections and HTTP/2 sessions, for shutdown. */
export interface OpenConnections {
  readonly sockets: ReadonlySet<Socket>;
  readonly sessions: ReadonlySet<Http2Session>;
}

/** Servers that are shutting down: their HTTP/1.1 answers say `Connection: close`. */
const draining = new WeakSet<NetServer>();

/** Close the keep-alive connections that wait for no answer (node:http; HTTP/2 sessions get a GOAWAY instead). */
export function closeIdle(server: NetServer): void {
  (server as NetServer & { closeIdleConnections?: () => void }).closeIdleConnections?.();
}

export class Generation {
  private inFlight = 0;
  private onIdle: (() => void) | null = null;

  constructor(
    readonly ctx: PipelineContext,
    private readonly handle: Handler,
  ) {}

  serve(server: NetServer, req: ServerRequest, res: ServerReply): void {
    this.inFlight++;
    res.once('close', () => this.done(server));
    if (draining.has(server) && mayCarry(res, 'Connection')) res.setHeader('Connection', 'close');
    void this.handle(req, res);
  }

  private done(server: NetServer): void {
    if (--this.inFlight === 0) this.onIdle?.();
    // a keep-alive connection whose last answer just ended is idle now: during a drain it goes
    if (draining.has(server)) closeIdle(server);
  }

  /** Resolves once no request of this generation is in flight. */
  drained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.onIdle = () => {
        this.onIdle = null;
        resolve();
      };
    });
  }
}

/** Server limits node lets us change on a running server (the rest need a restart: src/server/reload.ts). */
export function applyLiveLimits(server: NetServer, s: ServerConfig['server']): void {
  if (server instanceof http.Server) {
    server.headersTimeout = s.headersTimeoutMs;
    server.requestTimeout = s.requestTimeoutMs;
    server.keepAliveTimeout = s.keepAliveTimeoutMs;
  }
  (server as NetServer & { setTimeout(ms: number): unknown }).setTimeout(s.socketTimeoutMs);
  server.maxConnections = s.maxConnections;
}

/**
 * SIGTERM: stop accepting, close idle keep-alive connections now and busy ones as their answer
 * ends (HTTP/2 sessions get a GOAWAY and finish their streams), and cut whatever is still open
 * after `graceMs`.
 */
export function drainAndClose(server: NetServer, open: OpenConnections, graceMs: number): Promise<void> {
  draining.add(server);
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => {
      for (const socket of open.sockets) socket.destroy();
    }, graceMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    closeIdle(server);
    for (const session of open.sessions) session.close();
  });
}
