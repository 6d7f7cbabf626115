// A tiny raw HTTP client for tests: exact request targets (no normalisation), a chosen client
// address among 127.0.0.x, Basic credentials, and the whole response as bytes.
import http from 'node:http';

export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  raw: Buffer;
}

export interface TestRequest {
  method?: string;
  headers?: Record<string, string>;
  /** `user:password` for Basic auth. */
  auth?: string;
  /** Client source address, e.g. 127.0.0.5. */
  from?: string;
  body?: string;
}

export function basic(userPass: string): string {
  return `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;
}

/** The request's headers with Basic credentials added (HTTP/2 wants the header name in lower case). */
export function requestHeaders(req: TestRequest, authorization = 'Authorization'): Record<string, string> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.auth !== undefined) headers[authorization] = basic(req.auth);
  return headers;
}

/** Send one request with node's client (http or https) and collect the whole response. */
export function collectResponse<O extends http.RequestOptions>(
  send: (options: O, onResponse: (res: http.IncomingMessage) => void) => http.ClientRequest,
  options: O,
  body?: string,
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const r = send({ agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8'), raw });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}

export function fetchRaw(baseUrl: string, target: string, req: TestRequest = {}): Promise<TestResponse> {
  const u = new URL(baseUrl);
  const headers = requestHeaders(req);
  if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
  return collectResponse(
    http.request,
    {
      host: u.hostname,
      port: u.port,
      method: req.method ?? 'GET',
      path: target,
      headers,
      ...(req.from ? { localAddress: req.from } : {}),
    },
    req.body,
  );
}
