// One configuration's turn at serving (a reload starts the next) and the graceful end of a server.
// Requests are counted per generation, so the context a reload replaces is closed only once the
// last request it started has finished (a download in flight keeps its caches and watchers).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ServerConfig } from '../config/server-config.js';
import type { PipelineContext } from '../request.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Servers that are shutting down: their answers say `Connection: close`. */
const draining = new WeakSet<Server>();

export class Generation {
  private inFlight = 0;
  private onIdle: (() => void) | null = null;

  constructor(
    private readonly server: Server,
    readonly ctx: PipelineContext,
    private readonly handle: Handler,
  ) {}

  serve(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight++;
    res.once('close', () => this.done());
    if (draining.has(this.server)) res.setHeader('Connection', 'close');
    void this.handle(req, res);
  }

  private done(): void {
    if (--this.inFlight === 0) this.onIdle?.();
    // a keep-alive connection whose last answer just ended is idle now: during a drain it goes
    if (draining.has(this.server)) this.server.closeIdleConnections();
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
export function applyLiveLimits(server: Server, s: ServerConfig['server']): void {
  server.headersTimeout = s.headersTimeoutMs;
  server.requestTimeout = s.requestTimeoutMs;
  server.keepAliveTimeout = s.keepAliveTimeoutMs;
  server.timeout = s.socketTimeoutMs;
  server.maxConnections = s.maxConnections;
}

/**
 * SIGTERM: stop accepting, close idle keep-alive connections now and busy ones as their answer
 * ends, and cut whatever is still open after `graceMs`.
 */
export function drainAndClose(server: Server, graceMs: number): Promise<void> {
  draining.add(server);
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
