// A raw HTTP/1.x client: the request target goes on the wire byte for byte (odd encodings,
// traversal attempts), the socket is bound to a chosen 127.0.0.x address so address-based rules
// are exercised, and the response is read to EOF (Connection: close).

import { connect } from 'node:net';

export interface RawRequest {
  port: number;
  method: string;
  target: string;
  version: '1.1' | '1.0';
  headers: ReadonlyArray<readonly [string, string]>;
  localAddress: string;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  /** Header names lower-cased; repeated headers joined with ", " (Set-Cookie style not needed). */
  headers: ReadonlyMap<string, string>;
  rawHead: string;
  body: Buffer;
}

export function sendRaw(r: RawRequest): Promise<RawResponse> {
  const lines = [`${r.method} ${r.target} HTTP/${r.version}`];
  if (r.version === '1.1') lines.push(`Host: 127.0.0.1:${r.port}`);
  for (const [k, v] of r.headers) lines.push(`${k}: ${v}`);
  if (!r.headers.some(([k]) => k.toLowerCase() === 'connection')) lines.push('Connection: close');
  if (r.method === 'POST' || r.method === 'PUT') {
    if (!r.headers.some(([k]) => k.toLowerCase() === 'content-length')) lines.push('Content-Length: 0');
  }
  const wire = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = connect({ host: '127.0.0.1', port: r.port, localAddress: r.localAddress });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`timeout after ${r.timeoutMs ?? 10000} ms`));
    }, r.timeoutMs ?? 10000);
    sock.on('connect', () => sock.write(wire));
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', (e) => {
      clearTimeout(timer);
      // A reset after a complete response is still a response.
      const buf = Buffer.concat(chunks);
      if (buf.includes('\r\n\r\n')) {
        try {
          resolve(parseResponse(buf, r.method));
          return;
        } catch {
          /* fall through */
        }
      }
      reject(e);
    });
    sock.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks), r.method));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

export function parseResponse(buf: Buffer, method: string): RawResponse {
  const sep = buf.indexOf('\r\n\r\n');
  if (sep < 0)
    throw new Error(
      `incomplete response (${buf.length} bytes): ${JSON.stringify(buf.toString('latin1').slice(0, 200))}`,
    );
  const rawHead = buf.subarray(0, sep).toString('latin1');
  const [statusLine, ...headerLines] = rawHead.split('\r\n');
  const m = /^HTTP\/\d\.\d (\d{3})/.exec(statusLine ?? '');
  if (!m) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers.set(k, headers.has(k) ? `${headers.get(k)}, ${v}` : v);
  }
  const status = Number(m[1]);
  let body = buf.subarray(sep + 4);
  if (method === 'HEAD' || status === 304 || status === 204) body = Buffer.alloc(0);
  else if ((headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) body = dechunk(body);
  return { status, headers, rawHead, body };
}

function dechunk(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) break;
    const size = parseInt(buf.subarray(pos, eol).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}
