// A request as `htserve check` and the library's decide() describe it (method, URL, user or
// Bearer token, client address, headers) -> the RequestInfo the pipeline reads from a real socket.
import type { RequestInfo } from '../pipeline.js';
import type { Scheme } from '../request.js';

export interface RequestWords {
  method: string;
  headers: ReadonlyArray<readonly [string, string]>;
  ip: string;
  user: string | null;
  password: string | null;
  /** A Bearer token to send instead of Basic credentials. */
  bearer?: string | null;
}

function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** `url` is a path (`/a?b`), `*`, or `http(s)://host/path` (the host becomes the Host header, the scheme HTTPS). */
export function requestInfo(a: RequestWords, url: string): RequestInfo {
  let target = url;
  let host = 'localhost';
  let scheme: Scheme = 'http';
  const abs = /^(https?):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (abs) {
    scheme = abs[1]!.toLowerCase() as Scheme;
    host = abs[2]!;
    target = abs[3] || '/';
  }
  const header = (name: string) => a.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const authorization =
    a.user !== null
      ? basicAuthorization(a.user, a.password ?? '')
      : a.bearer != null
        ? `Bearer ${a.bearer}`
        : header('authorization');
  const headers: Record<string, string> = Object.fromEntries(a.headers.map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: a.method,
    target,
    host: header('host') ?? host,
    authorization,
    clientIp: a.ip,
    localIp: '127.0.0.1',
    headers: { host: header('host') ?? host, ...headers },
    protocol: 'HTTP/1.1',
    scheme,
  };
}
