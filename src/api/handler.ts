// createHandler(): htserve inside an existing node:http server, or as Express/Connect middleware.
// Same pipeline and writer as the server; no privilege drop (the host process decides who it is).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerConfig } from '../config/server-config.js';
import type { Decision } from '../decision.js';
import { builtinErrorPage, SECURITY_HEADERS } from '../respond/error-page.js';
import { sendGenerated } from '../respond/send-html.js';
import { createRequestHandler } from '../server/http-server.js';
import { createLogger, type Logger } from '../server/logs.js';
import { StartupError } from '../server/context.js';
import { assertRoot, configOf, contextOf, type HtserveOptions } from './config.js';

/** Express/Connect's `next`: called without an argument to pass the request on, with one for an error. */
export type NextFunction = (err?: unknown) => void;

export interface Handler {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  /** The validated configuration in use. */
  readonly config: ServerConfig;
  /** Resolves when the site is ready; rejects with the start-up error (e.g. an unreadable mime.types_file). */
  readonly ready: Promise<void>;
  /** Closes the log files this handler opened (not stdout/stderr). */
  close(): Promise<void>;
}

export interface HandlerOptions {
  /**
   * With `next`, pass on what htserve has nothing for (see passesOn). Default true; false answers
   * everything here, with the site's ErrorDocument 404.
   */
  fallthrough?: boolean;
}

/**
 * What goes to `next()`: a 404 or 405 that no access-file rule decided — the URL names nothing
 * on disk (or nothing htserve can map), or the method is not GET/HEAD/OPTIONS — and only after
 * access control granted the request. Everything a rule decides (401, 403, Redirect, `Redirect
 * 404`, FallbackResource, …), bad requests and broken access files are answered by htserve.
 */
export function passesOn(decision: Decision): boolean {
  return (decision.status === 404 || decision.status === 405) && decision.decidedBy === null;
}

/**
 * `createHandler({ server: { root: './site' } })` -> `(req, res, next?) => void`. Throws at once
 * for a bad key or value (ConfigLoadError) or a missing document root (StartupError).
 */
export function createHandler(options: HtserveOptions | ServerConfig = {}, handler: HandlerOptions = {}): Handler {
  const config = configOf(options);
  assertRoot(config);
  let log: Logger;
  try {
    log = createLogger(config.log);
  } catch (e) {
    throw new StartupError((e as Error).message);
  }
  const passOn = handler.fallthrough === false ? () => false : passesOn;
  let handle: ReturnType<typeof createRequestHandler> | null = null;
  const started = contextOf(config).then((ctx) => {
    handle = createRequestHandler(ctx, log, { passOn });
  });
  started.catch(() => {}); // reported through `ready` and to each request
  const fn = (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void => {
    if (handle) {
      void handle(req, res, next);
      return;
    }
    started.then(
      () => void handle!(req, res, next),
      (e: unknown) => {
        if (next) return next(e);
        log.error('HT000', `htserve could not start: ${(e as Error).message}`);
        const page = builtinErrorPage(500, { method: req.method ?? 'GET', url: req.url ?? '/' });
        sendGenerated(req, res, 500, { 'Content-Type': page.contentType, ...SECURITY_HEADERS }, page.body);
      },
    );
  };
  return Object.assign(fn, { config, ready: started, close: () => log.close() });
}
