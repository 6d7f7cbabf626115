// The <If> stage of a request: the sections whose conditions hold are merged after <Files>, as
// Apache's ap_if_walk does, and each evaluation goes into the Decision's explanation.
import type { DecisionStep } from '../decision.js';
import type { RequestFiles } from '../paths/target-plan.js';
import type { MappedRequest, RequestInfo } from '../request.js';
import type { EffectiveConfig } from './effective-config.js';
import { applyIfSections } from './if-walk.js';
import { splitHost } from '../text/host.js';

const NO_ENV: ReadonlyMap<string, string> = new Map();

/**
 * <If>/<ElseIf>/<Else>, merged after <Files> (ap_if_walk). The conditions see the request but
 * no user (authentication comes later) and no SetEnvIf variables (they are set later too); `env`
 * holds what ran before the walk (server-level mod_maxminddb, post_read_request).
 */
export function applyIfStep(
  cfg: EffectiveConfig,
  req: RequestInfo,
  mapped: MappedRequest,
  files: RequestFiles,
  steps: DecisionStep[],
  env: ReadonlyMap<string, string> = NO_ENV,
): EffectiveConfig {
  if (!cfg.ifSections || cfg.ifSections.length === 0) return cfg;
  const host = splitHost(req.host);
  const walked = applyIfSections(cfg, {
    method: req.method,
    clientIp: req.clientIp,
    uri: mapped.urlPath,
    query: mapped.query ?? '',
    headers: req.headers,
    user: null,
    serverName: host.name,
    serverPort: host.port,
    protocol: req.protocol,
    scheme: req.scheme,
    env,
    ...files,
  });
  for (const { section, result } of walked.evaluated) {
    const text =
      section.expr === null ? '<Else>' : `<${section.kind === 'if' ? 'If' : 'ElseIf'} "${section.expr.text}">`;
    steps.push({ stage: 'files', text, loc: section.loc, result: result === 'else' ? 'applied' : String(result) });
  }
  return walked.config;
}
