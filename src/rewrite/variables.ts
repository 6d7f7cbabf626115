// %{NAME} in test strings and substitutions (mod_rewrite's lookup_variable). Names are read
// case-insensitively, as Apache upper-cases them; a name mod_rewrite does not know reads as ''.
// The few it knows but htserve cannot answer are refused when the file is read (src/rewrite/template.ts).
import { HEADER_VARS } from './template.js';

export interface VariableSource {
  method: string;
  /** Apache's r->uri: the decoded URL path of this (possibly redirected) request. */
  uri: string;
  /** r->args as the rules left it so far. */
  args: string | null;
  /** r->filename as the rules left it so far. */
  filename: string;
  pathInfo: string;
  documentRoot: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  clientIp: string;
  /** The client's port ('' when unknown). */
  clientPort: string;
  localIp: string;
  serverName: string;
  serverPort: string;
  user: string | null;
  /** How the user signed in (AUTH_TYPE): 'Basic' or 'Bearer'; absent = 'Basic'. */
  authType?: string | undefined;
  protocol: string;
  /** %{HTTPS} and %{REQUEST_SCHEME}. */
  scheme: 'http' | 'https';
  /** The request line as received (THE_REQUEST). */
  theRequest: string;
  env: ReadonlyMap<string, string>;
  isSubreq: boolean;
  now: Date;
}

export function header(src: VariableSource, name: string): string {
  const v = src.headers[name.toLowerCase()];
  return v === undefined ? '' : Array.isArray(v) ? v.join(', ') : v;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export const API_VERSION = '20120211:142';

const FIXED: Record<string, (s: VariableSource) => string> = {
  REQUEST_METHOD: (s) => s.method,
  REQUEST_URI: (s) => s.uri,
  QUERY_STRING: (s) => s.args ?? '',
  REQUEST_FILENAME: (s) => s.filename,
  SCRIPT_FILENAME: (s) => s.filename,
  PATH_INFO: (s) => s.pathInfo,
  DOCUMENT_ROOT: (s) => s.documentRoot,
  CONTEXT_DOCUMENT_ROOT: (s) => s.documentRoot,
  CONTEXT_PREFIX: () => '',
  REMOTE_ADDR: (s) => s.clientIp,
  CONN_REMOTE_ADDR: (s) => s.clientIp,
  // HostnameLookups Off: the address stands in for the name.
  REMOTE_HOST: (s) => s.clientIp,
  REMOTE_IDENT: () => '',
  REMOTE_USER: (s) => s.user ?? '',
  AUTH_TYPE: (s) => (s.user !== null ? (s.authType ?? 'Basic') : ''),
  SERVER_ADDR: (s) => s.localIp,
  SERVER_NAME: (s) => s.serverName,
  SERVER_PORT: (s) => s.serverPort,
  SERVER_ADMIN: () => '[no address given]',
  SERVER_PROTOCOL: (s) => s.protocol,
  THE_REQUEST: (s) => s.theRequest,
  HTTPS: (s) => (s.scheme === 'https' ? 'on' : 'off'),
  REQUEST_SCHEME: (s) => s.scheme,
  IS_SUBREQ: (s) => (s.isSubreq ? 'true' : 'false'),
  IPV6: (s) => (s.clientIp.includes(':') ? 'on' : 'off'),
  REMOTE_PORT: (s) => s.clientPort,
  // MODULE_MAGIC_NUMBER major:minor of the Apache 2.4 htserve answers like (2.4.71).
  API_VERSION: () => API_VERSION,
  TIME_YEAR: (s) => String(s.now.getFullYear()),
  TIME_MON: (s) => pad(s.now.getMonth() + 1),
  TIME_DAY: (s) => pad(s.now.getDate()),
  TIME_HOUR: (s) => pad(s.now.getHours()),
  TIME_MIN: (s) => pad(s.now.getMinutes()),
  TIME_SEC: (s) => pad(s.now.getSeconds()),
  TIME_WDAY: (s) => String(s.now.getDay()),
  TIME: (s) =>
    `${s.now.getFullYear()}${pad(s.now.getMonth() + 1)}${pad(s.now.getDate())}` +
    `${pad(s.now.getHours())}${pad(s.now.getMinutes())}${pad(s.now.getSeconds())}`,
};

export function lookupVariable(name: string, src: VariableSource): string {
  const prefix = name.slice(0, 5).toUpperCase();
  if (prefix === 'HTTP:') return header(src, name.slice(5));
  if (prefix.startsWith('ENV:')) {
    const key = name.slice(4);
    return src.env.get(key) ?? process.env[key] ?? '';
  }
  if (prefix.startsWith('SSL:')) return ''; // no mod_ssl: empty, as in Apache
  const upper = name.toUpperCase();
  const h = HEADER_VARS[upper];
  if (h !== undefined) return header(src, h);
  return Object.hasOwn(FIXED, upper) ? FIXED[upper]!(src) : '';
}
