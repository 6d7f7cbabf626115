// HTTPS and HTTP/2 for tests: a self-signed certificate for 127.0.0.1 (a key pair from
// node:crypto, the X.509 wrapper from the openssl CLI, since node cannot build certificates),
// and clients that trust only it: HTTPS over HTTP/1.1 and HTTP/2 (node:http2).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { IncomingHttpHeaders } from 'node:http';
import { basic, type TestRequest, type TestResponse } from './http.js';

export interface TestCertificate {
  dir: string;
  certFile: string;
  keyFile: string;
  /** The certificate's PEM, for clients to trust. */
  cert: string;
}

/** A fresh self-signed certificate for 127.0.0.1 and localhost, valid for two days. */
export async function makeCertificate(): Promise<TestCertificate> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'htserve-tls-'));
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  await fs.writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-key',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { dir, certFile, keyFile, cert: await fs.readFile(certFile, 'utf8') };
}

/** The --set arguments that serve HTTPS with this certificate. */
export function tlsSettings(c: TestCertificate, extra: string[] = []): string[] {
  return [`tls.cert=${c.certFile}`, `tls.key=${c.keyFile}`, ...extra];
}

function requestHeaders(req: TestRequest): Record<string, string> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.auth !== undefined) headers['authorization'] = basic(req.auth);
  return headers;
}

/** HTTPS over HTTP/1.1 (node's client offers no ALPN, so an HTTP/2 server falls back to HTTP/1.1). */
export function fetchHttps(baseUrl: string, target: string, ca: string, req: TestRequest = {}): Promise<TestResponse> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const r = https.request(
      {
        host: u.hostname,
        port: u.port,
        method: req.method ?? 'GET',
        path: target,
        headers: requestHeaders(req),
        agent: false,
        ca,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8'), raw });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

export interface Http2Response extends TestResponse {
  /** The protocol the TLS handshake chose: 'h2' for a real HTTP/2 exchange. */
  alpnProtocol: string | false | undefined;
}

/** One request on a fresh HTTP/2 connection. */
export function fetchHttp2(baseUrl: string, target: string, ca: string, req: TestRequest = {}): Promise<Http2Response> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(baseUrl, { ca });
    session.on('error', reject);
    const stream = session.request({ ':method': req.method ?? 'GET', ':path': target, ...requestHeaders(req) });
    let headers: IncomingHttpHeaders = {};
    let status = 0;
    stream.on('response', (h) => {
      status = Number(h[':status']);
      headers = Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith(':')));
    });
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const alpnProtocol = session.alpnProtocol;
      session.close();
      resolve({ status, headers, body: raw.toString('utf8'), raw, alpnProtocol });
    });
    stream.on('error', reject);
    stream.end(req.body);
  });
}

/** The fingerprint of the certificate a new TLS connection to `url` is shown. */
export function servedFingerprint(url: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

export function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
