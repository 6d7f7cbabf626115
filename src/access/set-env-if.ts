// mod_setenvif in access files: runs after the directory walk and before access control, so
// `Require env` and `Allow from env=` see what these lines set (reference §8.1, Apache manual).
import type { SetEnvIfRule } from '../htaccess/types.js';

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
}

const REGEX_CHARS = /[\\^$.|?*+()[\]{}]/;

function headerValue(req: EnvRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The value a rule tests, per mod_setenvif: special names, then a header, then an earlier variable. */
function attributeValues(rule: SetEnvIfRule, req: EnvRequest, env: ReadonlyMap<string, string>): string[] {
  switch (rule.attribute.toLowerCase()) {
    case 'remote_addr': return [req.clientIp];
    case 'server_addr': return [req.localIp];
    case 'remote_host': return [req.clientHostName ?? req.clientIp];
    case 'request_method': return [req.method];
    case 'request_protocol': return [req.protocol];
    case 'request_uri': return [req.urlPath];
  }
  if (REGEX_CHARS.test(rule.attribute)) {
    // a regex on header names: every matching header is tested
    let re: RegExp;
    try {
      re = new RegExp(rule.attribute, 'i');
    } catch {
      return [''];
    }
    const values = Object.entries(req.headers).filter(([k]) => re.test(k)).map(([, v]) => (Array.isArray(v) ? v.join(', ') : v ?? ''));
    return values.length > 0 ? values : [''];
  }
  // a missing header or variable is tested as the empty string, so "^$" can match it
  return [headerValue(req, rule.attribute) ?? env.get(rule.attribute) ?? ''];
}

export function computeEnv(rules: readonly SetEnvIfRule[], req: EnvRequest): Map<string, string> {
  const env = new Map<string, string>();
  for (const rule of rules) {
    for (const value of attributeValues(rule, req, env)) {
      rule.regex.lastIndex = 0;
      const m = rule.regex.exec(value);
      if (!m) continue;
      for (const s of rule.set) {
        if (s.value === null) env.delete(s.name);
        else env.set(s.name, s.value.replace(/\$(\d)/g, (_x, d: string) => m[Number(d)] ?? ''));
      }
      break;
    }
  }
  return env;
}
