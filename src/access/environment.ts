// The request's environment variables: SetEnvIf and friends before access control (so
// `Require env` and `Allow from env=` see them), SetEnv/UnsetEnv after it (mod_env's fixups: only
// `Header ... env=` sees those).
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { SetEnvRule } from '../htaccess/types.js';
import type { RequestFiles } from '../paths/target-plan.js';
import type { MappedRequest, RequestInfo } from '../request.js';
import { computeEnv } from './set-env-if.js';

/** No SetEnvIf rule in force: one shared, empty environment. */
const NO_ENV: ReadonlyMap<string, string> = new Map();

/** `before`: what mod_maxminddb set earlier in the request (src/geoip/), seen and changeable by SetEnvIf. */
export function requestEnv(
  cfg: EffectiveConfig,
  req: RequestInfo,
  mapped: MappedRequest,
  files: RequestFiles,
  before: ReadonlyMap<string, string> = NO_ENV,
): ReadonlyMap<string, string> {
  return cfg.setEnvIf.length === 0
    ? before
    : computeEnv(
        cfg.setEnvIf,
        {
          clientIp: req.clientIp,
          localIp: req.localIp,
          clientHostName: null,
          method: req.method,
          protocol: req.protocol,
          urlPath: mapped.urlPath,
          headers: req.headers,
          query: mapped.query ?? '',
          host: req.host,
          scheme: req.scheme,
          ...files,
        },
        before,
      );
}

export function withSetEnv(
  env: ReadonlyMap<string, string>,
  setEnv: readonly SetEnvRule[],
): ReadonlyMap<string, string> {
  if (setEnv.length === 0) return env;
  const late = new Map(env);
  for (const r of setEnv) {
    if (r.value === null) late.delete(r.name);
    else late.set(r.name, r.value);
  }
  return late;
}
