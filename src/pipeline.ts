// The request path, in order (see README "Design"):
//   map URL -> walk the directories (access files, permissions, symlinks) -> <Files> -> <If> -> .ht* guard
//   -> access (legacy gate, Require, Basic auth, Require with the user) -> Redirect
//   -> handler (OPTIONS, file, directory index, listing) -> ErrorDocument for errors.
// It only decides; src/respond/ writes. `htserve check` runs exactly this function.
import type { EffectiveConfig } from './htaccess/effective-config.js';
import { applyIfSections } from './htaccess/if-walk.js';
import { checkAccess } from './access/check-access.js';
import { computeEnv } from './access/set-env-if.js';
import type { Decision, DecisionStep } from './decision.js';
import { formatLoc } from './decision.js';
import { mapUrlCached } from './paths/map-url.js';
import type { WalkTarget } from './paths/walk.js';
import { planTarget, type RequestFiles } from './paths/target-plan.js';
import { findRedirect } from './handler/redirects.js';
import { applyRequestHeaderRules } from './handler/request-headers.js';
import { handleTarget } from './handler/handle-target.js';
import { resolveErrorDocument } from './handler/error-document.js';
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

function sameConfig(a: EffectiveConfig, b: EffectiveConfig): boolean {
  if (a.sources.length !== b.sources.length || a.appliedFiles.length !== b.appliedFiles.length) return false;
  const aIf = a.appliedIf ?? [];
  const bIf = b.appliedIf ?? [];
  if (aIf.length !== bIf.length || !aIf.every((s, i) => s === bIf[i])) return false;
  return a.sources.every((s, i) => s === b.sources[i]) && a.appliedFiles.every((f, i) => f === b.appliedFiles[i]);
}

/** Host header -> SERVER_NAME and SERVER_PORT (UseCanonicalName Off). */
function splitHost(host: string): { name: string; port: string } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host);
  return m ? { name: m[1]!, port: m[2] ?? '' } : { name: host, port: '' };
}

/**
 * <If>/<ElseIf>/<Else>, merged after <Files> (ap_if_walk). The conditions see the request but
 * no user (authentication comes later) and no SetEnvIf variables (they are set later too).
 */
function applyIfStep(
  cfg: EffectiveConfig,
  req: RequestInfo,
  mapped: MappedRequest,
  files: RequestFiles,
  steps: DecisionStep[],
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
    env: new Map(),
    ...files,
  });
  for (const { section, result } of walked.evaluated) {
    const text =
      section.expr === null ? '<Else>' : `<${section.kind === 'if' ? 'If' : 'ElseIf'} "${section.expr.text}">`;
    steps.push({ stage: 'files', text, loc: section.loc, result: result === 'else' ? 'applied' : String(result) });
  }
  return walked.config;
}

/** No SetEnvIf rule in force: one shared, empty environment. */
const NO_ENV: ReadonlyMap<string, string> = new Map();

/** Everything up to the handler, for one already-mapped URL path. */
export async function decideMapped(
  req: RequestInfo,
  mapped: MappedRequest,
  ctx: PipelineContext,
  opts: CoreOptions = {},
): Promise<Decision> {
  const plan = await planTarget(mapped, {
    root: ctx.config.server.root,
    base: ctx.base,
    accessFiles: ctx.accessFiles,
    plans: ctx.plans,
    watchHub: ctx.watchHub,
  });
  const walked = plan.walked;
  const steps: DecisionStep[] = plan.steps.slice();
  if (walked.failure) {
    const f = walked.failure;
    if (f.status === 500) {
      const loc = { file: f.error.file, line: f.error.line };
      // Like Apache, the broken file's ancestors' ErrorDocument is not used: built-in page.
      return errorDecision(
        500,
        `500: ${formatLoc(loc)} is broken (${f.error.message}); every request below it fails until it is fixed`,
        steps,
        null,
        {
          decidedBy: { loc, text: f.error.message },
          logNote: { level: 'error', code: 'HT500', message: `${formatLoc(loc)}: ${f.error.message}` },
        },
      );
    }
    // A refused symlink ends the walk before any access file applies: Apache's built-in page.
    return errorDecision(403, `403: ${f.reason} (${f.file})`, steps, f.code === 'SYMLINK' ? null : walked.config, {
      logNote: {
        level: 'error',
        code: f.code === 'SYMLINK' ? 'AH00037' : 'AH00529',
        message: `${f.file}: ${f.reason}`,
      },
    });
  }
  const target = walked.target!;
  const files = plan.files!;
  const filesCfg = plan.filesCfg;
  const cfg = applyIfStep(filesCfg, req, mapped, files, steps);

  // .ht* and the server's password/group files are never served, whatever any access file says.
  if (target.name !== null && target.name.startsWith('.ht')) {
    steps.push({ stage: 'files', text: `"${target.name}" starts with .ht: always refused`, result: 'denied' });
    return errorDecision(403, `403: names starting with ".ht" are never served`, steps, cfg, {
      decidedBy: { loc: { file: '(built in)', line: 0 }, text: '<Files ".ht*"> Require all denied' },
    });
  }
  if (ctx.protectedFiles.has(target.path)) {
    return errorDecision(403, '403: this file is an AuthUserFile/AuthGroupFile and is never served', steps, cfg, {
      decidedBy: { loc: { file: '(built in)', line: 0 }, text: 'password and group files are never served' },
    });
  }

  const env: ReadonlyMap<string, string> =
    cfg.setEnvIf.length === 0
      ? NO_ENV
      : computeEnv(cfg.setEnvIf, {
          clientIp: req.clientIp,
          localIp: req.localIp,
          clientHostName: null,
          method: req.method,
          protocol: req.protocol,
          urlPath: mapped.urlPath,
          headers: req.headers,
          query: mapped.query ?? '',
          host: req.host,
          ...files,
        });
  for (const [k, v] of env) steps.push({ stage: 'files', text: `SetEnvIf: ${k}=${v}` });
  const decision = await accessThenHandle(req, mapped, target, files, cfg, env, steps, ctx, opts);
  // mod_env's SetEnv/UnsetEnv run in fixups, after access control: only `Header env=` sees them.
  const setEnv = decision.config?.setEnv ?? cfg.setEnv ?? [];
  if (setEnv.length === 0) {
    decision.env = env;
    return decision;
  }
  const late = new Map(env);
  for (const r of setEnv) {
    if (r.value === null) late.delete(r.name);
    else late.set(r.name, r.value);
  }
  decision.env = late;
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
  let user: string | null = null;
  if (opts.inherit && sameConfig(cfg, opts.inherit.config)) {
    user = opts.inherit.user;
    steps.push({ stage: 'authz', text: 'same configuration as the failed request: access checks not repeated' });
  } else {
    const request = {
      uri: mapped.urlPath,
      query: mapped.query ?? '',
      headers: req.headers,
      host: req.host,
      protocol: req.protocol,
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
      return errorDecision(access.status, access.why, steps, cfg, {
        decidedBy: access.decidedBy,
        user: access.user,
        headers: [
          ...(access.challenge ? [['WWW-Authenticate', access.challenge] as [string, string]] : []),
          ...(access.headers ?? []),
        ],
        ...(access.logNote ? { logNote: access.logNote } : {}),
      });
    }
    user = access.user;
    steps.push({ stage: 'authz', text: access.why, result: 'granted' });
  }
  const redirect = findRedirect(cfg.redirects, mapped.urlPath, mapped.query, req.host);
  if (redirect) {
    const r = redirect.rule;
    steps.push({
      stage: 'redirect',
      text: `${r.kind === 'regex' ? 'RedirectMatch' : 'Redirect'} ${r.status} ${r.pattern}`,
      loc: r.loc,
      result: String(redirect.status),
    });
    const decidedBy = { loc: r.loc, text: `Redirect ${r.status} ${r.pattern}` };
    if (redirect.location) {
      return {
        status: redirect.status,
        body: { kind: 'redirect', location: redirect.location },
        headers: [['Location', redirect.location]],
        config: cfg,
        user,
        steps,
        decidedBy,
        why: `${redirect.status}: redirected by ${formatLoc(r.loc)}`,
      };
    }
    return errorDecision(
      redirect.status,
      `${redirect.status}: ${formatLoc(r.loc)} answers this URL with ${redirect.status}`,
      steps,
      cfg,
      { decidedBy, user },
    );
  }
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
