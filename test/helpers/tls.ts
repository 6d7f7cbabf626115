// HTTPS and HTTP/2 for tests: a self-signed certificate for 127.0.0.1 (a key pair from
// node:crypto, the X.509 wrapper from the openssl CLI, since node cannot build certificates),
// and clients that trust only it: HTTPS over HTTP/1.1 and HTTP/2 (node:http2).
import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
// @peculiar/x509 needs the Reflect metadata API loaded before it
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { promises as fs } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { IncomingHttpHeaders } from 'node:http';
import { collectResponse, requestHeaders, type TestRequest, type TestResponse } from './http.js';

export interface TestCertificate {
  dir: string;
  certFile: string;
  keyFile: string;
  /** The certificate's PEM, for clients to trust. */
  cert: string;
}

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/**
 * A fresh self-signed certificate for 127.0.0.1 and localhost, valid for two days. Built in
 * process (WebCrypto keys, @peculiar/x509 for the certificate): no openssl binary is needed.
 */
export async function makeCertificate(): Promise<TestCertificate> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'htserve-tls-'));
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: 'CN=127.0.0.1',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 2 * 86_400_000),
    signingAlgorithm: EC_P256,
    keys,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const cert = certificate.toString('pem') + '\n';
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  await fs.writeFile(keyFile, keyPem, { mode: 0o600 });
  await fs.writeFile(certFile, cert);
  return { dir, certFile, keyFile, cert };
}

/** The --set arguments that serve HTTPS with this certificate. */
export function tlsSettings(c: TestCertificate, extra: string[] = []): string[] {
  return [`tls.cert=${c.certFile}`, `tls.key=${c.keyFile}`, ...extra];
}

/** HTTPS over HTTP/1.1 (node's client offers no ALPN, so an HTTP/2 server falls back to HTTP/1.1). */
export function fetchHttps(baseUrl: string, target: string, ca: string, req: TestRequest = {}): Promise<TestResponse> {
  const u = new URL(baseUrl);
  return collectResponse(
    https.request,
    {
      host: u.hostname,
      port: u.port,
      method: req.method ?? 'GET',
      path: target,
      headers: requestHeaders(req, 'authorization'),
      ca,
    },
    req.body,
  );
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
    const stream = session.request({
      ':method': req.method ?? 'GET',
      ':path': target,
      ...requestHeaders(req, 'authorization'),
    });
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
