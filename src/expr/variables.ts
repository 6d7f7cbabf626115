// The %{VAR} variables and string functions of the ap_expr subset htserve evaluates. A name
// Apache knows but htserve cannot answer truthfully is refused when compiling (a 500 with
// file:line), so an expression never silently sees an empty value where Apache sees a real one.

import { createHash } from 'node:crypto';
import { exprStringError } from '../htaccess/directives/expr-string.js';
import type { ExprRequest } from './types.js';
import { osEnv } from './os-env.js';

/** HTTP_* variables Apache defines, and the request header each reads. */
const HEADER_VARIABLES: Record<string, string> = {
  HTTP_ACCEPT: 'accept',
  HTTP_COOKIE: 'cookie',
  HTTP_FORWARDED: 'forwarded',
  HTTP_HOST: 'host',
  HTTP_PROXY_CONNECTION: 'proxy-connection',
  HTTP_REFERER: 'referer',
  HTTP_USER_AGENT: 'user-agent',
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** Variables htserve can answer; names are upper case (ap_expr matches them case-insensitively). */
const VARIABLES: Record<string, (req: ExprRequest) => string> = {
  REMOTE_ADDR: (r) => r.clientIp,
  CONN_REMOTE_ADDR: (r) => r.clientIp,
  REQUEST_METHOD: (r) => r.method,
  REQUEST_URI: (r) => r.uri,
  DOCUMENT_URI: (r) => r.uri,
  QUERY_STRING: (r) => r.query,
  REMOTE_USER: (r) => r.user ?? '',
  SERVER_NAME: (r) => r.serverName,
  SERVER_PORT: (r) => r.serverPort || (r.scheme === 'https' ? '443' : '80'),
  SERVER_PROTOCOL: (r) => r.protocol,
  HTTPS: (r) => (r.scheme === 'https' ? 'on' : 'off'),
  REQUEST_SCHEME: (r) => r.scheme ?? 'http',
  IPV6: (r) => (r.clientIp.includes(':') ? 'on' : 'off'),
  IS_SUBREQ: () => 'false',
  // r->filename; before the directory walk Apache has none and answers the URI instead.
  REQUEST_FILENAME: (r) => r.filename ?? r.uri,
  SCRIPT_FILENAME: (r) => r.filename ?? r.uri,
  DOCUMENT_ROOT: (r) => r.documentRoot ?? '',
  CONTEXT_DOCUMENT_ROOT: (r) => r.documentRoot ?? '',
  // No Alias and no handler modules here: Apache answers these empty for a static request.
  CONTEXT_PREFIX: () => '',
  // set by authentication (the realm's AuthType, Basic or Bearer): empty until a user is known
  AUTH_TYPE: (r) => (r.user ? (r.authType ?? 'Basic') : ''),
  HANDLER: () => '',
  PATH_INFO: () => '',
  TIME_YEAR: () => String(new Date().getFullYear()),
  TIME_MON: () => pad(new Date().getMonth() + 1),
  TIME_DAY: () => pad(new Date().getDate()),
  TIME_HOUR: () => pad(new Date().getHours()),
  TIME_MIN: () => pad(new Date().getMinutes()),
  TIME_SEC: () => pad(new Date().getSeconds()),
  TIME_WDAY: () => String(new Date().getDay()),
  TIME: () => {
    const d = new Date();
    return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  },
};
for (const [name, header] of Object.entries(HEADER_VARIABLES)) VARIABLES[name] = (r) => headerValue(r, header);

/** One request header by name (case-insensitive), repeated fields joined like Apache's table. */
export function headerValue(req: ExprRequest, name: string): string {
  const v = req.headers[name.toLowerCase()];
  if (v === undefined) return '';
  return Array.isArray(v) ? v.join(', ') : v;
}

/** String functions (`name(word)` and `%{name:arg}`), lower-case names. */
const FUNCTIONS: Record<string, (arg: string, req: ExprRequest) => string> = {
  req: (a, r) => headerValue(r, a),
  http: (a, r) => headerValue(r, a),
  req_novary: (a, r) => headerValue(r, a),
  reqenv: (a, r) => r.env.get(a) ?? '',
  env: (a, r) => r.env.get(a) ?? '',
  tolower: (a) => a.toLowerCase(),
  toupper: (a) => a.toUpperCase(),
  base64: (a) => Buffer.from(a, 'utf8').toString('base64'),
  md5: (a) => createHash('md5').update(a, 'utf8').digest('hex'),
  sha1: (a) => createHash('sha1').update(a, 'utf8').digest('hex'),
  // only the allow-listed server environment (access.osenv_allow)
  osenv: (a) => osEnv(a),
  escape: (a) =>
    encodeURIComponent(a)
      .replace(/%2F/g, '/')
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
  unescape: (a) => {
    try {
      return decodeURIComponent(a);
    } catch {
      return a;
    }
  },
};

/** Why a variable name cannot be used (Apache's message when Apache lacks it too), or null. */
export function variableError(name: string): string | null {
  if (Object.hasOwn(VARIABLES, name.toUpperCase())) return null;
  const apache = exprStringError(`%{${name}}`);
  return apache ?? `Variable '${name}' is not supported by htserve`;
}

/** Why a function name cannot be used, or null. */
export function functionError(name: string): string | null {
  if (Object.hasOwn(FUNCTIONS, name.toLowerCase())) return null;
  const apache = exprStringError(`%{${name}:x}`);
  return apache ?? `Function '${name}' is not supported by htserve`;
}

export function lookupVariable(name: string, req: ExprRequest): string {
  const fn = VARIABLES[name.toUpperCase()];
  return fn ? fn(req) : '';
}

export function callFunction(name: string, arg: string, req: ExprRequest): string {
  const fn = FUNCTIONS[name.toLowerCase()];
  return fn ? fn(arg, req) : '';
}
