// The handler stage: what exists at the target and what the method may do with it
// (docs/apache-behaviour.md §10, §11, §13). Access control has already granted the request.
import { constants, promises as fs, type Stats } from 'node:fs';
import { evaluatePreconditions } from '../respond/conditional.js';
import { fileValidators, mtimeMicros } from '../respond/etag.js';
import { planRange } from '../respond/range.js';
import type { Decision } from '../decision.js';
import { formatLoc } from '../decision.js';
import type { Located } from '../htaccess/types.js';
import type { WalkTarget } from '../paths/walk.js';
import { encodeUrlPath, mapUrl } from '../paths/map-url.js';
import { errorDecision, type RequestInfo, type StagedRequest } from '../request.js';
import { contentTypeFor } from './content-type.js';
import {
  adoptAnswer,
  isHandlerOnly,
  isRedirect,
  isRegularFileAnswer,
  markLookup,
  markRegularFile,
  MAX_DEPTH,
  serveDirectory,
} from './directory.js';

const ALLOW = 'GET, HEAD, OPTIONS';

function isReadMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

export async function handleTarget(s: StagedRequest): Promise<Decision> {
  const { req, mapped, target, cfg, user, steps } = s;
  const ok = (d: GrantedFields): Decision => granted(d, s);

  // mod_dir's slash redirect is a fixup: it comes before every handler, OPTIONS included.
  if (target.kind === 'dir' && !mapped.trailingSlash && cfg.directorySlash) {
    const location = `${req.scheme}://${req.host}${encodeUrlPath(mapped.urlPath + '/')}${mapped.query !== null ? `?${mapped.query}` : ''}`;
    steps.push({ stage: 'handler', text: 'directory named without a trailing slash', result: '301' });
    return ok({
      status: 301,
      body: { kind: 'redirect', location },
      headers: [['Location', location]],
      why: `301: ${mapped.urlPath} is a directory; its URL ends with a slash`,
    });
  }
  const options = (): Decision =>
    ok({
      status: 200,
      body: { kind: 'empty' },
      headers: [['Allow', ALLOW]],
      why: `OPTIONS: allowed methods are ${ALLOW}`,
    });
  // A directory first looks for its index (any method, as mod_dir's fixup does), below.
  if (req.method === 'OPTIONS' && target.kind !== 'dir') {
    // an existing file answering OPTIONS is still "found" for DirectoryIndex (its redirect applies)
    return target.kind === 'file' && target.stat.isFile() ? markRegularFile(options()) : options();
  }
  if (target.kind === 'missing') {
    steps.push({ stage: 'handler', text: `${target.path} does not exist`, result: '404' });
    const fallback = cfg.fallbackResource;
    if (fallback && !cfg.handler) {
      // With SetHandler in force Apache never falls back. Any method: the fallback file then
      // answers it (405 for POST, like any static file here).
      const answer = await useFallback(s, fallback);
      if (answer) return answer;
    }
    return errorDecision(404, `404: ${mapped.urlPath} does not exist`, steps, cfg, { user });
  }
  if (target.kind === 'path-info' && cfg.acceptPathInfo === 'on' && target.stat.isFile()) {
    steps.push({
      stage: 'handler',
      text: `AcceptPathInfo On: ${target.path} serves the extra path ${target.pathInfo}`,
    });
    return serveFile(s, {
      kind: 'file',
      path: target.path,
      stat: target.stat,
      name: target.name,
      noFollow: target.noFollow,
    });
  }
  if (target.kind === 'path-info') {
    steps.push({
      stage: 'handler',
      text: `${target.path} is a file; extra path after it is not served`,
      result: '404',
    });
    const refused = errorDecision(
      404,
      `404: ${target.path} is a file, and static files take no extra path after their name`,
      steps,
      cfg,
      { user },
    );
    return target.stat.isFile() ? markRegularFile(refused) : refused;
  }
  if (target.kind === 'dir') {
    const d = await serveDirectory(s, target.path);
    // No index answered: the directory itself only serves GET and HEAD.
    if (!isReadMethod(req.method) && isHandlerOnly(d)) {
      return req.method === 'OPTIONS'
        ? options()
        : errorDecision(405, `405: ${req.method} is not supported on a directory (only ${ALLOW})`, steps, cfg, {
            user,
          });
    }
    return d;
  }
  return serveFile(s, target);
}

/**
 * FallbackResource (mod_dir fixup_dflt) for a URL that maps to nothing: a sub-request for the
 * fallback URL (relative to the request's directory; the query appended). Like Apache it runs at
 * any depth, so a missing fallback can itself fall back (the parent's FallbackResource), and one
 * that leads to itself ends in a 500 at the nesting limit. A regular file or a redirect answers;
 * another error becomes the answer's status; anything else (missing, a listing) leaves the 404.
 */
async function useFallback(s: StagedRequest, fallback: Located<string>): Promise<Decision | null> {
  const { req, mapped, cfg, user, steps, ctx, opts } = s;
  const depth = opts.depth ?? 0;
  const by = { loc: fallback.loc, text: `FallbackResource ${fallback.value}` };
  if (depth >= MAX_DEPTH) {
    steps.push({
      stage: 'handler',
      text: `FallbackResource ${fallback.value}: sub-requests nest too deeply`,
      loc: fallback.loc,
      result: '500',
    });
    return errorDecision(
      500,
      `500: FallbackResource ${fallback.value} leads back to a missing URL again and again (${formatLoc(fallback.loc)})`,
      steps,
      cfg,
      {
        user,
        decidedBy: by,
        logNote: {
          level: 'error',
          code: 'AH00125',
          message:
            `Request exceeded the limit of sub-request nesting levels due to probable configuration ` +
            `error (FallbackResource ${fallback.value})`,
        },
      },
    );
  }
  const base = mapped.urlPath.slice(0, mapped.urlPath.lastIndexOf('/') + 1);
  const raw = fallback.value.startsWith('/') ? fallback.value : encodeUrlPath(base) + fallback.value;
  const m = mapUrl(mapped.query !== null ? `${raw}?${mapped.query}` : raw);
  if (m.kind !== 'path') {
    steps.push({
      stage: 'handler',
      text: `FallbackResource ${fallback.value}: not a usable URL`,
      loc: fallback.loc,
      result: '404',
    });
    return null;
  }
  const sub = await ctx.subrequest(req, m, { depth: depth + 1 });
  steps.push({
    stage: 'handler',
    text: `FallbackResource ${fallback.value}: ${sub.status}`,
    loc: fallback.loc,
    result: String(sub.status),
  });
  if (isRegularFileAnswer(sub) || isRedirect(sub)) return adoptAnswer(sub, steps, { decidedBy: by });
  if (sub.status === 404 || sub.status === 200 || isHandlerOnly(sub)) return null;
  // Apache keeps only the status of a failed fallback (no challenge, no Location).
  return errorDecision(
    sub.status,
    `${sub.status}: the FallbackResource ${fallback.value} answered ${sub.status}`,
    steps,
    cfg,
    {
      user,
      decidedBy: by,
      ...(sub.logNote ? { logNote: sub.logNote } : {}),
    },
  );
}

/** A file target's answer, marked for sub-request lookups (see isRegularFileAnswer). */
function headerText(req: RequestInfo, name: string): string | null {
  const v = req.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Decided here rather than while sending, so that a 416 gets the site's ErrorDocument like any
 * other error (preconditions come first: a 304/412 is left to the sender).
 */
function unsatisfiableRange(req: RequestInfo, stat: Stats): boolean {
  const range = headerText(req, 'range');
  if (range === null) return false;
  const now = Date.now();
  const v = fileValidators(stat.size, mtimeMicros(stat), now);
  const pre = evaluatePreconditions({
    method: req.method,
    ifMatch: headerText(req, 'if-match'),
    ifNoneMatch: headerText(req, 'if-none-match'),
    ifModifiedSince: headerText(req, 'if-modified-since'),
    ifUnmodifiedSince: headerText(req, 'if-unmodified-since'),
    etag: v.etag,
    lastModifiedMs: v.lastModifiedMs,
    now,
  });
  if (pre !== 'proceed') return false;
  return (
    planRange(range, headerText(req, 'if-range'), stat.size, v.etag, v.lastModifiedMs, now).kind === 'unsatisfiable'
  );
}

/**
 * Can the server's user read the file? Remembered per stat object: a cached plan keeps its stat
 * for its lifetime, so the answer is as fresh as the plan (a new plan means a new stat).
 */
const readProblems = new WeakMap<Stats, string | null>();
async function readProblem(file: string, stat: Stats): Promise<string | null> {
  const known = readProblems.get(stat);
  if (known !== undefined) return known;
  let problem: string | null = null;
  try {
    await fs.access(file, constants.R_OK);
  } catch (e) {
    problem = (e as NodeJS.ErrnoException).code ?? 'EIO';
  }
  readProblems.set(stat, problem);
  return problem;
}

type GrantedFields = Pick<Decision, 'status' | 'body' | 'headers' | 'why'> & { urlPath?: string };

/**
 * A granted answer as one object literal of a fixed shape. (Spreading a partial Decision and
 * adding fields made V8 build these objects slowly — it was most of a cached request's time.)
 */
function granted(d: GrantedFields, s: StagedRequest): Decision {
  return {
    status: d.status,
    body: d.body,
    headers: d.headers,
    config: s.cfg,
    user: s.user,
    steps: s.steps,
    decidedBy: null,
    why: d.why,
    urlPath: d.urlPath,
    lookupView: undefined,
  };
}

type FileTarget = Extract<WalkTarget, { kind: 'file' }>;

async function serveFile(s: StagedRequest, target: FileTarget): Promise<Decision> {
  const d = await answerFile(s, target);
  return markLookup(d, target.stat.isFile() ? 'regular-file' : 'handler-only');
}

async function answerFile(s: StagedRequest, target: FileTarget): Promise<Decision> {
  const { req, mapped, cfg, user, steps, ctx } = s;
  const ok = (d: GrantedFields): Decision => granted(d, s);
  // a file (or something else that is not a directory)
  if (!target.stat.isFile()) {
    steps.push({ stage: 'handler', text: `${target.path} is not a regular file`, result: '403' });
    return errorDecision(403, `403: ${mapped.urlPath} is not a regular file`, steps, cfg, { user });
  }
  const unreadable = await readProblem(target.path, target.stat);
  if (unreadable !== null) {
    const code = unreadable;
    steps.push({ stage: 'handler', text: `${target.path} cannot be read by the server (${code})`, result: '403' });
    return errorDecision(403, `403: the server's user cannot read ${target.path} (file permissions)`, steps, cfg, {
      user,
      logNote: { level: 'error', code: 'AH00132', message: `file permissions deny server access: ${target.path}` },
    });
  }
  if (!isReadMethod(req.method)) {
    return errorDecision(405, `405: ${req.method} is not supported on a static file (only ${ALLOW})`, steps, cfg, {
      user,
    });
  }
  if (unsatisfiableRange(req, target.stat)) {
    steps.push({
      stage: 'handler',
      text: `Range ${String(req.headers['range'])} lies outside the file's ${target.stat.size} bytes`,
      result: '416',
    });
    return errorDecision(416, `416: the requested range is outside the file (${target.stat.size} bytes)`, steps, cfg, {
      user,
      headers: [['Content-Range', `bytes */${target.stat.size}`]],
    });
  }
  const contentType = contentTypeFor(target.name, cfg, ctx.mime);
  steps.push({
    stage: 'handler',
    text: `serve ${target.path} as ${contentType ?? '(no Content-Type)'}`,
    result: '200',
  });
  return ok({
    status: 200,
    body: { kind: 'file', path: target.path, stat: target.stat, noFollow: target.noFollow, contentType },
    headers: [],
    urlPath: mapped.urlPath,
    why: `200: ${user ? `${user} may read` : 'readable'} ${mapped.urlPath}`,
  });
}
