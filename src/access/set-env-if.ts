// mod_setenvif in access files: runs after the directory walk and before access control, so
// `Require env` and `Allow from env=` see what these lines set (docs/apache-behaviour.md §8.1, Apache manual).
import { evaluateExpr } from '../expr/evaluate.js';
import type { ExprRequest } from '../expr/types.js';
import type { SetEnvIfRule } from '../htaccess/types.js';
import type { RegexMatch } from '../regex/safe-regex.js';
import { splitHost } from '../text/host.js';

export interface EnvRequest {
  clientIp: string;
  localIp: string;
  clientHostName: string | null;
  method: string;
  protocol: string;
  /** Decoded URL path without the query (Apache's r->uri). */
  urlPath: string;
  /** Request headers, names lower-cased. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** For SetEnvIfExpr: raw query string without `?` (absent = ''). */
  query?: string;
  /** For SetEnvIfExpr: the Host header (SERVER_NAME / SERVER_PORT). */
  host?: string;
  /** For SetEnvIfExpr: %{HTTPS} / %{REQUEST_SCHEME} (absent = http). */
  scheme?: 'http' | 'https';
  /** For SetEnvIfExpr: r->filename and the document root, as <If> sees them. */
  filename?: string;
  documentRoot?: string;
}

function headerValue(req: EnvRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The value a rule tests, per mod_setenvif: special names, then a header, then an earlier variable. */
function attributeValues(rule: SetEnvIfRule, req: EnvRequest, env: ReadonlyMap<string, string>): string[] {
  switch (rule.attribute.toLowerCase()) {
    case 'remote_addr':
      return [req.clientIp];
    case 'server_addr':
      return [req.localIp];
    case 'remote_host':
      return [req.clientHostName ?? req.clientIp];
    case 'request_method':
      return [req.method];
    case 'request_protocol':
      return [req.protocol];
    case 'request_uri':
      return [req.urlPath];
  }
  const re = rule.attributeRegex;
  if (re) {
    // a regex on header names (compiled with the rule): every matching header is tested
    const values = Object.entries(req.headers)
      .filter(([k]) => re.test(k))
      .map(([, v]) => (Array.isArray(v) ? v.join(', ') : (v ?? '')));
    return values.length > 0 ? values : [''];
  }
  // a missing header or variable is tested as the empty string, so "^$" can match it
  return [headerValue(req, rule.attribute) ?? env.get(rule.attribute) ?? ''];
}

/** What a SetEnvIfExpr condition sees: the request and the variables set so far (no user yet). */
function exprRequestOf(req: EnvRequest, env: ReadonlyMap<string, string>): ExprRequest {
  const host = splitHost(req.host ?? '');
  return {
    method: req.method,
    clientIp: req.clientIp,
    uri: req.urlPath,
    query: req.query ?? '',
    headers: req.headers,
    user: null,
    serverName: host.name,
    serverPort: host.port,
    protocol: req.protocol,
    scheme: req.scheme,
    env,
    ...(req.filename !== undefined ? { filename: req.filename } : {}),
    ...(req.documentRoot !== undefined ? { documentRoot: req.documentRoot } : {}),
  };
}

function assign(rule: SetEnvIfRule, env: Map<string, string>, m: RegexMatch | null): void {
  for (const s of rule.set) {
    if (s.value === null) env.delete(s.name);
    // $1..$9 refer to the rule's match; an expression rule keeps no captures here, so they are ''
    else
      env.set(
        s.name,
        s.value.replace(/\$(\d)/g, (_x, d: string) => m?.[Number(d)] ?? ''),
      );
  }
}

/** `before`: variables set earlier in the request (mod_maxminddb's), which rules may test and change. */
export function computeEnv(
  rules: readonly SetEnvIfRule[],
  req: EnvRequest,
  before: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const env = new Map(before);
  for (const rule of rules) {
    if (rule.expr) {
      if (evaluateExpr(rule.expr, exprRequestOf(req, env))) assign(rule, env, null);
      continue;
    }
    for (const value of attributeValues(rule, req, env)) {
      const m = rule.regex.exec(value);
      if (!m) continue;
      assign(rule, env, m);
      break;
    }
  }
  return env;
}
