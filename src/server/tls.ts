// HTTPS listeners: node:https, or node:http2 with HTTP/1.1 for clients that do not offer h2
// (`[tls] http2`). The certificate and key are read at start-up and again by reloadTls(), which
// swaps them on the running server without touching open connections.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import http2 from 'node:http2';
import tls from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerConfig } from '../config/server-config.js';
import type { ServerReply, ServerRequest } from './exchange.js';

export type SecureServer = https.Server | http2.Http2SecureServer;

interface KeyPair {
  cert: Buffer;
  key: Buffer;
}

/** Refuses a pair node cannot use (a key that is not the certificate's, a broken PEM), naming both files. */
function checked(pair: KeyPair, files: { cert: string; key: string }): KeyPair {
  try {
    tls.createSecureContext(pair);
  } catch (e) {
    throw new Error(`tls.cert ${files.cert} / tls.key ${files.key}: ${(e as Error).message}`);
  }
  return pair;
}

function files(config: ServerConfig['tls']): { cert: string; key: string } {
  if (config.cert === null || config.key === null) throw new Error('tls.cert and tls.key are not set');
  return { cert: config.cert, key: config.key };
}

/** Start-up: read synchronously (before the privilege drop, so root-only keys are fine). */
function loadKeyPair(config: ServerConfig['tls']): KeyPair {
  const f = files(config);
  return checked({ cert: readFileSync(f.cert), key: readFileSync(f.key) }, f);
}

export function createSecureServer(
  s: ServerConfig['server'],
  config: ServerConfig['tls'],
  onRequest: (req: ServerRequest, res: ServerReply) => void,
): SecureServer {
  const pair = loadKeyPair(config);
  if (!config.http2) {
    return https.createServer(
      {
        ...pair,
        maxHeaderSize: s.maxHeaderBytes,
        requestTimeout: s.requestTimeoutMs,
        headersTimeout: s.headersTimeoutMs,
        keepAliveTimeout: s.keepAliveTimeoutMs,
        connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(s.headersTimeoutMs / 4))),
      },
      (req: IncomingMessage, res: ServerResponse) => onRequest(req, res),
    );
  }
  const server = http2.createSecureServer(
    {
      ...pair,
      allowHTTP1: true,
      // Apache's H2MaxSessionStreams; node's default is unbounded
      settings: { maxConcurrentStreams: 100, maxHeaderListSize: s.maxHeaderBytes },
      maxSessionInvalidFrames: 100,
    },
    onRequest,
  );
  // The HTTP/1.1 side of an HTTP/2 server reads these from the server object (node's http connection listener).
  Object.assign(server, {
    maxHeaderSize: s.maxHeaderBytes,
    requestTimeout: s.requestTimeoutMs,
    headersTimeout: s.headersTimeoutMs,
    keepAliveTimeout: s.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(s.headersTimeoutMs / 4))),
  });
  return server;
}

/**
 * Re-reads the certificate and key and uses them for new connections; throws (and the old pair
 * stays) when either cannot be read or they do not belong together. Runs as server.user after
 * the privilege drop: the files must be readable by it for a reload.
 */
export async function reloadTls(server: SecureServer, config: ServerConfig['tls']): Promise<void> {
  const f = files(config);
  const pair = checked({ cert: await readFile(f.cert), key: await readFile(f.key) }, f);
  server.setSecureContext(pair);
}
