// The request path, in order (see README "Design"):
//   map URL -> walk the directories (access files, permissions, symlinks) -> <Files> -> <If> -> .ht* guard
//   -> access (legacy gate, Require, Basic auth, Require with the user) -> Redirect
//   -> handler (OPTIONS, file, directory index, listing) -> ErrorDocument for errors.
// It only decides; src/respond/ writes. `htserve check` runs exactly this function.
import type { EffectiveConfig } from './htaccess/effective-config.js';
import type { Decision, DecisionStep } from './decision.js';
import { mapUrlCached } from './paths/map-url.js';
import type { WalkTarget } from './paths/walk.js';
import { planTarget, type RequestFiles } from './paths/target-plan.js';
import { applyRequestHeaderRules } from './handler/request-headers.js';
import { handleTarget } from './handler/handle-target.js';
import { resolveErrorDocument } from './handler/error-document.js';
import { applyIfStep } from './htaccess/if-step.js';
import { builtInRefusal, walkFailureDecision } from './access/refusals.js';
import { requestEnv, withSetEnv } from './access/environment.js';
import { accessStage } from './access/access-stage.js';
import { redirectDecision } from './handler/redirect-stage.js';
import { rewriteStage } from './rewrite/stage.js';
import {
  ALLOW,
  errorDecision,
  type CoreOptions,
  type MappedRequest,
  type PipelineContext,
  type RequestInfo,
} from './request.js';

export type { CoreOptions, MappedRequest, PipelineContext, RequestInfo } from './request.js';
export { errorDecision } from './request.js';

/** Everything up to the handler, for one already-mapped URL path. */
export async function decideMapped(
  req: RequestInfo,
  mapped: MappedRequest,
  ctx: PipelineContext,
  opts: CoreOptions = {},
): Promise<Decision> {
  const plan = await planTarget(mapped, ctx.planPorts);
  const walked = plan.walked;
  const steps: DecisionStep[] = plan.steps.slice();
  if (walked.failure) return walkFailureDecision(walked.failure, walked.config, steps);
  const target = walked.target!;
  const files = plan.files!;
  const filesCfg = plan.filesCfg;
  const cfg = applyIfStep(filesCfg, req, mapped, files, steps);

  const refused = builtInRefusal(target, cfg, steps, ctx.protectedFiles);
  if (refused) return refused;

  const own = requestEnv(cfg, req, mapped, files);
  // An internal redirect's request starts with the REDIRECT_* environment of the one before it.
  const env = opts.redirect ? new Map([...opts.redirect.env, ...own]) : own;
  for (const [k, v] of own) steps.push({ stage: 'files', text: `SetEnvIf: ${k}=${v}` });
  const decision = await accessThenHandle(req, mapped, target, files, cfg, env, steps, ctx, opts);
  // mod_env's SetEnv/UnsetEnv run in fixups, after access control: only `Header env=` sees them.
  decision.env = withSetEnv(decision.env ?? env, decision.config?.setEnv ?? cfg.setEnv ?? []);
  return decision;
}

async function accessThenHandle(
  req: RequestInfo,
  mapped: MappedRequest,
  target: WalkTarget,
  files: RequestFiles,
  cfg: EffectiveConfig,
  env: ReadonlyMap<string, string>,
  steps: DecisionStep[],
  ctx: PipelineContext,
  opts: CoreOptions,
): Promise<Decision> {
  const access = await accessStage(cfg, req, mapped, files, env, steps, ctx, opts);
  if ('denied' in access) return access.denied;
  const user = access.user;
  // mod_alias's Redirect answers before mod_rewrite's per-directory fixup (case:rewrite-mod-alias-redirect-answers-before-rewrite).
  const redirected = redirectDecision(cfg, req, mapped, user, steps);
  if (redirected) return redirected;
  const rewritten = await rewriteStage(cfg, req, mapped, target, files, user, env, steps, opts, (r, m, o) =>
    decideMapped(r, m, ctx, o),
  );
  if (rewritten?.kind === 'decided') return rewritten.decision;
  const decision = await handleAfterRewrite(req, mapped, target, cfg, rewritten?.env ?? env, user, steps, ctx, opts);
  if (rewritten) {
    decision.headers.push(...rewritten.headers);
    if (rewritten.env !== env) decision.env = rewritten.env;
  }
  return decision;
}

async function handleAfterRewrite(
  req: RequestInfo,
  mapped: MappedRequest,
  target: WalkTarget,
  cfg: EffectiveConfig,
  env: ReadonlyMap<string, string>,
  user: string | null,
  steps: DecisionStep[],
  ctx: PipelineContext,
  opts: CoreOptions,
): Promise<Decision> {
  if (opts.accessOnly) {
    return {
      status: 200,
      body: { kind: 'empty' },
      headers: [],
      config: cfg,
      user,
      steps,
      decidedBy: null,
      why: 'access granted',
    };
  }
  if (!cfg.requestHeaders || cfg.requestHeaders.length === 0)
    return handleTarget(req, mapped, target, cfg, user, steps, ctx, opts);
  const handlerReq = { ...req, headers: applyRequestHeaderRules(req.headers, cfg.requestHeaders, env) };
  steps.push({ stage: 'handler', text: `RequestHeader: ${cfg.requestHeaders.length} rule(s) applied to the request` });
  const decision = await handleTarget(handlerReq, mapped, target, cfg, user, steps, ctx, opts);
  decision.requestHeaders = handlerReq.headers;
  return decision;
}

/** The whole decision for one request, including ErrorDocument resolution. */
export async function decide(req: RequestInfo, ctx: PipelineContext): Promise<Decision> {
  const mapped = mapUrlCached(req.target);
  let decision: Decision;
  if (mapped.kind === 'asterisk') {
    decision =
      req.method === 'OPTIONS'
        ? {
            status: 200,
            body: { kind: 'empty' },
            headers: [],
            config: null,
            user: null,
            steps: [],
            decidedBy: null,
            why: 'OPTIONS * describes the server',
          }
        : errorDecision(400, '400: "*" is only valid with OPTIONS', [], null);
  } else if (mapped.kind === 'reject') {
    decision = errorDecision(
      mapped.status,
      `${mapped.status}: ${mapped.reason}`,
      [{ stage: 'map', text: mapped.reason, result: String(mapped.status) }],
      null,
    );
  } else {
    decision = await decideMapped(req, mapped, ctx);
  }
  if (decision.body.kind === 'error') {
    decision.errorBody = await resolveErrorDocument(req, decision, ctx);
  }
  if (decision.status === 405) decision.headers.push(['Allow', ALLOW]);
  return decision;
}
