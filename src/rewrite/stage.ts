// The rewrite stage of the pipeline: mod_rewrite's per-directory fixup, after access control and
// before mod_alias's Redirect (docs/apache-behaviour.md §21). An internal rewrite is an internal
// redirect: the whole pipeline runs again for the new URL (walk, access, <Files>, handler,
// ErrorDocument), with the environment renamed REDIRECT_*, at most LimitInternalRecursion (10) deep.
import { promises as fs, type Stats } from 'node:fs';
import type { Decision } from '../decision.js';
import { formatLoc } from '../decision.js';
import type { RequestFiles } from '../paths/target-plan.js';
import type { WalkTarget } from '../paths/walk.js';
import { mapUrlCached } from '../paths/map-url.js';
import { splitHost } from '../text/host.js';
import {
  errorDecision,
  type CoreOptions,
  type MappedRequest,
  type RequestInfo,
  type StagedRequest,
} from '../request.js';
import { runRewrite, type FileTest } from './engine.js';
import { rewriteLookups } from './lookups.js';

/** Apache's LimitInternalRecursion default. */
export const MAX_INTERNAL_REDIRECTS = 10;

export type RewriteStageResult =
  | { kind: 'decided'; decision: Decision }
  | {
      kind: 'continue';
      env: ReadonlyMap<string, string>;
      headers: Array<[string, string]>;
      /** `T=` and `H=` of the rules that applied (null = as configured). */
      forcedType: string | null;
      forcedHandler: string | null;
    };

type DecideMapped = (req: RequestInfo, mapped: MappedRequest, opts: CoreOptions) => Promise<Decision>;

/**
 * File tests: the request's own file is answered from the cached plan (its walk already stat'ed
 * it); any other path is one asynchronous stat, as Apache's apr_stat per condition.
 */
function fileTester(target: WalkTarget, files: RequestFiles): FileTest {
  const own = files.filename.replace(/\/$/, '');
  return async (op, p) => {
    let st: Stats | null;
    if (op !== '-l' && p.replace(/\/$/, '') === own) st = target.kind === 'missing' ? null : target.stat;
    else {
      try {
        st = op === '-l' ? await fs.lstat(p) : await fs.stat(p);
      } catch {
        st = null;
      }
    }
    if (st === null) return false;
    switch (op) {
      case '-d':
        return st.isDirectory();
      case '-f':
        return st.isFile();
      case '-s':
        return st.isFile() && st.size > 0;
      case '-l':
        return st.isSymbolicLink();
      // Any execute bit, as mod_rewrite reads APR's protection bits.
      case '-x':
        return (st.mode & 0o111) !== 0;
      case '-e':
        return true;
    }
  };
}

/**
 * Apache's r->path_info: what of the URL lies past r->filename (the walk stops at the first
 * missing component, and a file takes the rest as path info).
 */
function pathInfoOf(mapped: MappedRequest, files: RequestFiles): string {
  const root = files.documentRoot.replace(/\/$/, '');
  const reached = files.filename.slice(root.length);
  return mapped.urlPath.startsWith(reached) ? mapped.urlPath.slice(reached.length) : '';
}

/** rename_original_env: every variable becomes REDIRECT_<name>, plus REDIRECT_STATUS. */
function redirectEnv(env: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of env) out.set(`REDIRECT_${k}`, v);
  out.set('REDIRECT_STATUS', '200');
  return out;
}

export async function rewriteStage(s: StagedRequest, decideMapped: DecideMapped): Promise<RewriteStageResult | null> {
  const { cfg, req, mapped, target, files, user, env, steps, opts } = s;
  const rw = cfg.rewrite;
  if (!rw) return null;
  // An ErrorDocument is fetched as an internal redirect in Apache, not a sub-request: its rules
  // run in full (NS and R rules included), and IS_SUBREQ is false.
  const subreq = (opts.depth ?? 0) > 0 && !opts.inherit;
  const host = splitHost(req.host);
  const result = await runRewrite(
    rw,
    {
      src: {
        method: req.method,
        uri: mapped.urlPath,
        args: mapped.query,
        filename: files.filename,
        pathInfo: pathInfoOf(mapped, files),
        documentRoot: files.documentRoot,
        headers: req.headers,
        clientIp: req.clientIp,
        clientPort: req.clientPort !== undefined ? String(req.clientPort) : '',
        localIp: req.localIp,
        serverName: req.host === '' ? req.localIp : host.name,
        serverPort: host.port === '' ? (req.scheme === 'https' ? '443' : '80') : host.port,
        user,
        // the user signed in under this configuration, so its AuthType says how
        authType: cfg.authType?.value,
        protocol: req.protocol,
        scheme: req.scheme,
        theRequest: `${req.method} ${req.target} ${req.protocol}`,
        env,
        isSubreq: subreq,
        now: new Date(),
      },
      filename: files.filename,
      symlinksAllowed: cfg.options.has('FollowSymLinks') || cfg.options.has('SymLinksIfOwnerMatch'),
      host: req.host === '' ? req.localIp : req.host,
      fileTest: fileTester(target, files),
      ...rewriteLookups(s),
      exprRequest: (filename, vars) => ({
        method: req.method,
        clientIp: req.clientIp,
        uri: mapped.urlPath,
        query: mapped.query ?? '',
        headers: req.headers,
        user,
        serverName: host.name,
        serverPort: host.port,
        protocol: req.protocol,
        env: vars,
        filename,
        documentRoot: files.documentRoot,
      }),
    },
    { ended: opts.redirect?.ended ?? false },
  );
  for (const t of result.trace) steps.push({ stage: 'rewrite', text: t.text, loc: t.loc, result: t.result });
  const headers: Array<[string, string]> = result.cookies.map((c) => ['Set-Cookie', c]);
  if (result.vary.length > 0) headers.push(['Vary', [...new Set(result.vary)].join(', ')]);
  let newEnv: ReadonlyMap<string, string> = env;
  if (result.env.size > 0) {
    const m = new Map(env);
    for (const [k, v] of result.env) {
      if (v === null) m.delete(k);
      else m.set(k, v);
    }
    newEnv = m;
  }
  const out = result.outcome;
  // A look-up sub-request (a listing entry, -U/-F) stops after the fixups: only an error status
  // from the rules counts (F and G hide an entry); a rewrite or redirect is the handler's business.
  if (opts.accessOnly && out.kind !== 'status') return null;
  const withHeaders = (d: Decision): RewriteStageResult => {
    d.headers.push(...headers);
    d.env = newEnv;
    return { kind: 'decided', decision: d };
  };
  switch (out.kind) {
    case 'pass':
      return {
        kind: 'continue',
        env: newEnv,
        headers,
        forcedType: result.forcedType,
        forcedHandler: result.forcedHandler,
      };
    case 'status': {
      const by = out.loc ? { loc: out.loc, text: 'mod_rewrite' } : null;
      return withHeaders(
        errorDecision(
          out.status,
          `${out.status}: answered by mod_rewrite${out.loc ? ` (${formatLoc(out.loc)})` : ''}`,
          steps,
          cfg,
          {
            user,
            decidedBy: by,
            ...(out.logNote ? { logNote: { level: 'error' as const, ...out.logNote } } : {}),
          },
        ),
      );
    }
    case 'redirect':
      return withHeaders({
        status: out.status,
        body: { kind: 'redirect', location: out.location },
        headers: [['Location', out.location]],
        config: cfg,
        user,
        steps,
        decidedBy: { loc: out.loc, text: 'RewriteRule' },
        why: `${out.status}: redirected by ${formatLoc(out.loc)}`,
      });
    case 'internal': {
      // In a sub-request (a DirectoryIndex candidate), mod_dir takes a rewritten answer only when
      // the candidate itself is a regular file (it looks at the sub-request's own finfo).
      if (subreq && !(target.kind === 'file' && target.stat.isFile()))
        return { kind: 'continue', env: newEnv, headers, forcedType: null, forcedHandler: null };
      // mod_rewrite sets H= after choosing its redirect handler, so it replaces it: the default
      // handler then gets "redirect:<url>" as the file name, which does not exist.
      if (result.forcedHandler !== null) {
        steps.push({
          stage: 'rewrite',
          text: `H=${result.forcedHandler} replaces the internal redirect to ${out.path}`,
          loc: out.loc,
          result: '404',
        });
        return withHeaders(
          errorDecision(
            404,
            `404: H=${result.forcedHandler} replaced the internal redirect (${formatLoc(out.loc)})`,
            steps,
            cfg,
            {
              user,
              decidedBy: { loc: out.loc, text: 'RewriteRule' },
            },
          ),
        );
      }
      const count = (opts.redirect?.count ?? 0) + 1;
      const url = out.query !== null ? `${out.path}?${out.query}` : out.path;
      steps.push({ stage: 'rewrite', text: `internal redirect #${count} to ${url}`, loc: out.loc, result: 'redirect' });
      if (count > MAX_INTERNAL_REDIRECTS) {
        return withHeaders(
          errorDecision(500, `500: internal redirects loop (last by ${formatLoc(out.loc)})`, steps, cfg, {
            user,
            decidedBy: { loc: out.loc, text: 'RewriteRule' },
            logNote: {
              level: 'error',
              code: 'AH00124',
              message:
                `Request exceeded the limit of ${MAX_INTERNAL_REDIRECTS} internal redirects due to probable configuration error. ` +
                `Use 'LimitInternalRecursion' to increase the limit if necessary. (${formatLoc(out.loc)})`,
            },
          }),
        );
      }
      const next = mapUrlCached(url);
      if (next.kind !== 'path') {
        const status = next.kind === 'reject' ? next.status : 400;
        return withHeaders(
          errorDecision(status, `${status}: the rewritten URL ${url} is not usable`, steps, cfg, { user }),
        );
      }
      const d = await decideMapped(req, next, {
        ...(opts.depth !== undefined ? { depth: opts.depth } : {}),
        redirect: { count, env: redirectEnv(newEnv), ended: opts.redirect?.ended === true || result.end },
      });
      // The redirected request's own trace, indented under the rule that caused it.
      d.steps = [...steps, ...d.steps.map((x) => ({ ...x, depth: (x.depth ?? 0) + 1 }))];
      d.headers.push(...headers);
      return { kind: 'decided', decision: d };
    }
  }
}
