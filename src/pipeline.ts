// The request path, in order (see README "Design"):
//   [server-level geolocation] -> map URL -> walk the directories (access files, permissions, symlinks)
//   -> <Files> -> <If> -> .ht* guard -> [directory-level geolocation, SetEnvIf]
//   -> access (legacy gate, Require, Basic auth, Require with the user) -> Redirect
//   -> handler (OPTIONS, file, directory index, listing) -> ErrorDocument for errors.
// It only decides; src/respond/ writes. `htserve check` runs exactly this function.
import type { Decision, DecisionStep } from './decision.js';
import { mapUrlCached } from './paths/map-url.js';
import { planTarget } from './paths/target-plan.js';
import { applyRequestHeaderRules } from './handler/request-headers.js';
import { handleTarget } from './handler/handle-target.js';
import { resolveErrorDocument } from './handler/error-document.js';
import { applyIfStep } from './htaccess/if-step.js';
import { builtInRefusal, walkFailureDecision } from './access/refusals.js';
import { requestEnv, withSetEnv } from './access/environment.js';
import { accessStage } from './access/access-stage.js';
import { redirectDecision } from './handler/redirect-stage.js';
import { hideForbidden } from './access/hide-forbidden.js';
import { RegexLimitError } from './regex/safe-regex.js';
import { rewriteStage } from './rewrite/stage.js';
import { dirGeoEnv, NO_GEO, noteGeoErrors, serverGeoEnv } from './geoip/geo-stage.js';
import { withDefaultCharset } from './handler/content-type.js';
import {
  ALLOW,
  errorDecision,
  type CoreOptions,
  type MappedRequest,
  type PipelineContext,
  type RequestInfo,
  type StagedRequest,
} from './request.js';

/** No variable set before SetEnvIf: one shared, empty environment. */
const NO_ENV: ReadonlyMap<string, string> = new Map();

export type { CoreOptions, MappedRequest, PipelineContext, RequestInfo } from './request.js';
export { errorDecision } from './request.js';

/** Everything up to the handler, for one already-mapped URL path. */
export async function decideMapped(
  req: RequestInfo,
  mapped: MappedRequest,
  ctx: PipelineContext,
  opts: CoreOptions = {},
): Promise<Decision> {
  // mod_maxminddb's server level runs first (post_read_request), before the walk.
  const early = ctx.geo?.serverActive ? await serverGeoEnv(ctx.geo, req.clientIp) : NO_GEO;
  const plan = await planTarget(mapped, ctx.planPorts);
  const walked = plan.walked;
  const steps: DecisionStep[] = [...early.steps, ...plan.steps];
  if (walked.failure) return walkFailureDecision(walked.failure, walked.config, steps);
  const target = walked.target!;
  const files = plan.files!;
  const filesCfg = plan.filesCfg;
  const cfg = applyIfStep(filesCfg, req, mapped, files, steps, early.geo?.env);

  const refused = builtInRefusal(target, cfg, steps, ctx.protectedFiles);
  if (refused) return refused;

  // The directory level (header_parser) runs after <If> and before SetEnvIf.
  const geo =
    cfg.maxmind && ctx.geo ? await dirGeoEnv(ctx.geo, cfg.maxmind, req.clientIp, early.geo, steps) : early.geo;
  if (geo && 'status' in geo) return geo;
  const before = geo?.env ?? NO_ENV;
  const own = requestEnv(cfg, req, mapped, files, before);
  // An internal redirect's request starts with the REDIRECT_* environment of the one before it.
  const env = opts.redirect ? new Map([...opts.redirect.env, ...own]) : own;
  for (const [k, v] of own) if (before.get(k) !== v) steps.push({ stage: 'files', text: `SetEnvIf: ${k}=${v}` });
  const decision = await accessThenHandle({ req, mapped, target, files, cfg, env, steps, ctx, opts, user: null });
  noteGeoErrors(decision, geo);
  // mod_env's SetEnv/UnsetEnv run in fixups, after access control: only `Header env=` sees them.
  decision.env = withSetEnv(decision.env ?? env, decision.config?.setEnv ?? cfg.setEnv ?? []);
  return decision;
}

async function accessThenHandle(s: StagedRequest): Promise<Decision> {
  const access = await accessStage(s);
  if ('denied' in access) return access.denied;
  s.user = access.user;
  // mod_alias's Redirect answers before mod_rewrite's per-directory fixup (case:rewrite-mod-alias-redirect-answers-before-rewrite).
  const redirected = redirectDecision(s);
  if (redirected) return redirected;
  const rewritten = await rewriteStage(s, (r, m, o) => decideMapped(r, m, s.ctx, o));
  if (rewritten?.kind === 'decided') return rewritten.decision;
  if (!rewritten) return handleAfterRewrite(s);
  const decision = await handleAfterRewrite(
    withForcedHandler(rewritten.env !== s.env ? { ...s, env: rewritten.env } : s, rewritten.forcedHandler),
  );
  decision.headers.push(...rewritten.headers);
  if (rewritten.env !== s.env) decision.env = rewritten.env;
  // RewriteRule [T=type]: mod_rewrite's last fixup sets the type of whatever is served (a
  // DirectoryIndex file too); error pages keep their own.
  if (rewritten.forcedType !== null && decision.body.kind === 'file')
    decision.body = { ...decision.body, contentType: withDefaultCharset(rewritten.forcedType, s.cfg) };
  return decision;
}

/**
 * RewriteRule [H=handler]: set after mod_dir looked for an index, so a file and a directory's
 * index are served as before, but a directory without one is not listed (Apache's default
 * handler refuses it: 404) — unless the handler is autoindex's own.
 */
function withForcedHandler(s: StagedRequest, handler: string | null): StagedRequest {
  if (handler === null) return s;
  const cfg = { ...s.cfg, handler: handler === 'httpd/unix-directory' ? null : handler, directoryCheckHandler: false };
  return { ...s, cfg };
}

async function handleAfterRewrite(s: StagedRequest): Promise<Decision> {
  const { cfg, user, steps } = s;
  if (s.opts.accessOnly) {
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
  if (!cfg.requestHeaders || cfg.requestHeaders.length === 0) return handleTarget(s);
  const handlerReq = { ...s.req, headers: applyRequestHeaderRules(s.req.headers, cfg.requestHeaders, s.env) };
  steps.push({ stage: 'handler', text: `RequestHeader: ${cfg.requestHeaders.length} rule(s) applied to the request` });
  const decision = await handleTarget({ ...s, req: handlerReq });
  decision.requestHeaders = handlerReq.headers;
  return decision;
}

/**
 * decideMapped, where a subject too long for a backtracking pattern (src/regex/safe-regex.ts)
 * costs this one request a 500 and an error-log line naming the pattern's file and line.
 */
async function decideMappedBounded(req: RequestInfo, mapped: MappedRequest, ctx: PipelineContext): Promise<Decision> {
  try {
    return await decideMapped(req, mapped, ctx);
  } catch (e) {
    if (!(e instanceof RegexLimitError)) throw e;
    return errorDecision(500, `500: ${e.message}`, [{ stage: 'map', text: e.message, result: '500' }], null, {
      logNote: { level: 'error', code: 'HT020', message: e.message },
    });
  }
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
    decision = hideForbidden(await decideMappedBounded(req, mapped, ctx));
  }
  if (decision.body.kind === 'error') {
    decision.errorBody = await resolveErrorDocument(req, decision, ctx);
  }
  if (decision.status === 405) decision.headers.push(['Allow', ALLOW]);
  return decision;
}
