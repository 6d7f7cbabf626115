// The access stage of the pipeline: Order/Allow/Deny, Require, Basic or Bearer authentication and Require
// with the user (src/access/check-access.ts), or — for an ErrorDocument's sub-request under the
// same configuration as the failed request — nothing again (docs/apache-behaviour.md §12.3).
import type { Decision } from '../decision.js';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import { errorDecision, type StagedRequest } from '../request.js';
import { checkAccess } from './check-access.js';

function sameConfig(a: EffectiveConfig, b: EffectiveConfig): boolean {
  if (a.sources.length !== b.sources.length || a.appliedFiles.length !== b.appliedFiles.length) return false;
  const aIf = a.appliedIf ?? [];
  const bIf = b.appliedIf ?? [];
  if (aIf.length !== bIf.length || !aIf.every((s, i) => s === bIf[i])) return false;
  return a.sources.every((s, i) => s === b.sources[i]) && a.appliedFiles.every((f, i) => f === b.appliedFiles[i]);
}

export async function accessStage(s: StagedRequest): Promise<{ denied: Decision } | { user: string | null }> {
  const { cfg, req, mapped, files, env, steps, ctx, opts } = s;
  if (opts.inherit && sameConfig(cfg, opts.inherit.config)) {
    steps.push({ stage: 'authz', text: 'same configuration as the failed request: access checks not repeated' });
    return { user: opts.inherit.user };
  }
  const request = {
    uri: mapped.urlPath,
    query: mapped.query ?? '',
    headers: req.headers,
    host: req.host,
    protocol: req.protocol,
    scheme: req.scheme,
    ...files,
  };
  const access = await checkAccess(
    cfg,
    {
      method: req.method,
      clientIp: req.clientIp,
      localIp: req.localIp,
      authorization: req.authorization,
      env,
      request,
    },
    ctx.authn,
  );
  steps.push(...access.steps);
  if (access.kind === 'denied') {
    return {
      denied: errorDecision(access.status, access.why, steps, cfg, {
        decidedBy: access.decidedBy,
        user: access.user,
        headers: [
          ...(access.challenge ? [['WWW-Authenticate', access.challenge] as [string, string]] : []),
          ...(access.headers ?? []),
        ],
        ...(access.logNote ? { logNote: access.logNote } : {}),
        ...(access.authError ? { authError: access.authError } : {}),
      }),
    };
  }
  steps.push({ stage: 'authz', text: access.why, result: 'granted' });
  return { user: access.user };
}
