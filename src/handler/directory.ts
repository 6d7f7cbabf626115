// A directory URL with its trailing slash (docs/apache-behaviour.md §11.2, §11.3, §11.4): DirectoryIndex candidates in
// order, each a full sub-request; else a listing when Indexes is on; else 403.
// A candidate's non-404 error (e.g. 403 from <Files index.html>) replaces the listing.
// A missing candidate can still be found through FallbackResource (its sub-request uses it).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { Decision, DecisionStep, ListingEntry } from '../decision.js';
import { formatLoc } from '../decision.js';
import {
  errorDecision,
  type CoreOptions,
  type MappedRequest,
  type PipelineContext,
  type RequestInfo,
  type StagedRequest,
} from '../request.js';
import { sameForEveryClient } from './listing-cache.js';
import { planTarget, primeFilePlan } from '../paths/target-plan.js';
import { encodeUrlPath, mapUrl } from '../paths/map-url.js';
import { indexIgnored } from '../respond/listing.js';
import { listingInsert } from './listing-inserts.js';
import { configId } from '../htaccess/config-id.js';
import { contentTypeFor } from './content-type.js';
import { findDescription } from './listing-describe.js';

/** `text/plain; charset=utf-8` -> `text/plain`. */
function mediaTypeOf(contentType: string | null): string | null {
  return contentType === null ? null : contentType.split(';')[0]!.trim().toLowerCase();
}

/** Sub-request nesting limit (Apache's LimitInternalRecursion guards the same loops): a 500 beyond. */
export const MAX_DEPTH = 10;

/** A directory entry's URL path, taken literally (its name is not a URL). */
function subMapped(urlPath: string, query: string | null = null): MappedRequest | null {
  const m = mapUrl(
    urlPath
      .split('/')
      .map((s) => encodeURIComponent(s))
      .join('/'),
  );
  return m.kind === 'path' ? { ...m, query } : null;
}

/**
 * How Apache's sub-request lookup, which never runs the handler, sees an answer: "found" for an
 * existing regular file (served, unreadable, or refusing path info), "handler-only" for what only
 * the handler decides (a listing refused by Options, an unreadable directory, a special file) —
 * to a lookup that is a plain OK.
 */
type LookupView = NonNullable<Decision['lookupView']>;

export function markLookup(d: Decision, view: LookupView): Decision {
  d.lookupView = view;
  return d;
}

export function markRegularFile(d: Decision): Decision {
  return markLookup(d, 'regular-file');
}

export function isRegularFileAnswer(d: Decision): boolean {
  return d.lookupView === 'regular-file';
}

export function isHandlerOnly(d: Decision): boolean {
  return d.lookupView === 'handler-only';
}

/** The sub-request's answer as the parent's, the parent's steps first (the lookup view kept). */
export function adoptAnswer(d: Decision, steps: readonly DecisionStep[], extra: Partial<Decision> = {}): Decision {
  // The lookup view travels with the spread copy.
  return { ...d, ...extra, steps: [...steps, ...d.steps] };
}

export function isRedirect(d: Decision): boolean {
  return d.status >= 300 && d.status < 400;
}

/**
 * DirectoryIndex candidates, each a sub-request like mod_dir's: the name is a URL relative to
 * the directory (so `?` starts a query and `/` adds path info), the request's query appended.
 * An existing regular file answers at once, whatever its sub-request then says (a 403 for an
 * unreadable file, a 404 for path info); so does a redirect, or a 401 from the last name (with
 * its challenge). Any other error is remembered — the last one wins — and answered without a
 * challenge when no candidate is found, instead of a listing.
 */
async function tryIndex(
  req: RequestInfo,
  mapped: MappedRequest,
  cfg: EffectiveConfig,
  steps: DecisionStep[],
  ctx: PipelineContext,
  opts: CoreOptions,
): Promise<Decision | null> {
  const index = cfg.directoryIndex.value;
  if (index === 'disabled') return null;
  let failure: Decision | null = null;
  for (const [i, candidate] of index.entries()) {
    const raw = candidate.startsWith('/') ? candidate : encodeUrlPath(mapped.urlPath) + candidate;
    const sub = mapUrl(mapped.query !== null ? `${raw}?${mapped.query}` : raw);
    if (sub.kind !== 'path') {
      steps.push({
        stage: 'handler',
        text: `DirectoryIndex candidate ${candidate}: not a usable URL`,
        loc: cfg.directoryIndex.loc,
      });
      if (sub.kind === 'reject' && sub.status !== 404)
        failure = errorDecision(
          sub.status,
          `${sub.status}: DirectoryIndex candidate ${candidate} is not a valid URL`,
          [...steps],
          cfg,
        );
      continue;
    }
    const d = await ctx.subrequest(req, sub, { depth: (opts.depth ?? 0) + 1 });
    steps.push({
      stage: 'handler',
      text: `DirectoryIndex candidate ${sub.urlPath}: ${d.status}`,
      loc: cfg.directoryIndex.loc,
      result: String(d.status),
    });
    const last = i === index.length - 1;
    // the Location is the URI the sub-request ended at (a FallbackResource's, if one answered)
    if (isRegularFileAnswer(d) && cfg.directoryIndexRedirect)
      return indexRedirect(req, d.urlPath ?? sub.urlPath, cfg.directoryIndexRedirect, cfg, d.user, steps);
    if (isRegularFileAnswer(d) || isRedirect(d) || (d.status === 401 && last)) return adoptAnswer(d, steps);
    if (d.status === 404 || d.status === 200 || isHandlerOnly(d)) continue;
    // Apache keeps only the status: a 401 remembered here goes out without WWW-Authenticate.
    failure = adoptAnswer(d, steps, {
      headers: d.headers.filter(([name]) => name.toLowerCase() !== 'www-authenticate'),
    });
  }
  return failure;
}

/**
 * DirectoryIndexRedirect: the found index file is not served; the client is sent to it instead
 * (mod_dir builds the Location from the sub-request's URI: absolute, without the query).
 */
function indexRedirect(
  req: RequestInfo,
  urlPath: string,
  status: number,
  cfg: EffectiveConfig,
  user: string | null,
  steps: DecisionStep[],
): Decision {
  const location = `${req.scheme}://${req.host}${encodeUrlPath(urlPath)}`;
  steps.push({ stage: 'handler', text: `DirectoryIndexRedirect: ${status} to ${urlPath}`, result: String(status) });
  return {
    status,
    body: { kind: 'redirect', location },
    headers: [['Location', location]],
    config: cfg,
    user,
    steps,
    decidedBy: null,
    why: `${status}: DirectoryIndexRedirect sends the client to the index file ${urlPath}`,
  };
}

/**
 * A subdirectory entry's lookup also runs mod_dir's DirectoryIndex search (Apache's fixups run in
 * sub-requests): an index that is refused hides the entry.
 */
async function subdirectoryLookup(
  req: RequestInfo,
  sub: MappedRequest,
  check: Decision,
  ctx: PipelineContext,
  opts: CoreOptions,
): Promise<number> {
  if (!check.config) return check.status;
  const dirMapped = { ...sub, trailingSlash: true, urlPath: sub.urlPath + '/' };
  const index = await tryIndex(req, dirMapped, check.config, [], ctx, { depth: (opts.depth ?? 0) + 1 });
  if (!index || isRegularFileAnswer(index) || isRedirect(index)) return check.status;
  return index.status;
}

/**
 * The entries of a listing, from the listing cache when an earlier request computed them and
 * none of them depended on who asked (src/handler/listing-cache.ts).
 */
async function cachedEntries(s: StagedRequest, dir: string): Promise<readonly ListingEntry[]> {
  const { req, mapped, cfg, ctx, opts } = s;
  const cache = ctx.listings;
  if (!cache.enabled) return (await listEntries(req, mapped, dir, cfg, ctx, opts)).entries;
  // The configuration object is shared by every request with the same rules (merge memo), so
  // its identity stands for "same IndexIgnore, same ShowForbidden, same access rules".
  const key = `${dir}\0${mapped.urlPath}\0${configId(cfg)}`;
  const eventsBefore = ctx.watchHub.events;
  return cache.get(
    key,
    async () => {
      // The directories above: a change to their access files can change any entry's answer.
      const chain = [ctx.config.server.root];
      for (const seg of mapped.segments) chain.push(path.join(chain[chain.length - 1]!, seg));
      const listed = await listEntries(req, mapped, dir, cfg, ctx, opts);
      // A change seen while listing may or may not be in it: share it only if there was none.
      const quiet = ctx.watchHub.events === eventsBefore;
      return {
        ...listed,
        sameForEveryClient: listed.sameForEveryClient && quiet,
        dirs: [...chain, dir, ...listed.subdirs],
      };
    },
    (dirs, computedAt) => ctx.plans.freshness(dirs, computedAt),
  );
}

const STAT_CONCURRENCY = 16;

/** fn over items with at most `limit` calls in flight; results in the items' order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function listEntries(
  req: RequestInfo,
  mapped: MappedRequest,
  dir: string,
  cfg: EffectiveConfig,
  ctx: PipelineContext,
  opts: CoreOptions,
): Promise<{ entries: ListingEntry[]; sameForEveryClient: boolean; subdirs: string[] }> {
  const dirents = await fs.readdir(dir, { withFileTypes: true });
  const entries: ListingEntry[] = [];
  const subdirs: string[] = [];
  let shared = true;
  const ports = ctx.planPorts;
  const dirPlan = await planTarget(
    {
      segments: mapped.segments,
      trailingSlash: true,
      urlPath: mapped.urlPath.endsWith('/') ? mapped.urlPath : `${mapped.urlPath}/`,
    },
    ports,
  );
  const showForbidden = cfg.indexOptions?.set.has('ShowForbidden') ?? false;
  const shown = dirents.filter((d) => !indexIgnored(d.name, cfg.indexIgnore));
  // The stats go to the thread pool several at a time (one at a time, a big directory waits on
  // a thousand round trips); the entries are then checked in directory order.
  const stats = await mapLimit(shown, STAT_CONCURRENCY, (d) => fs.stat(path.join(dir, d.name)).catch(() => null));
  for (const [i, dirent] of shown.entries()) {
    const name = dirent.name;
    // Each entry is shown only if its own access check would pass (Apache's sub-request rule).
    // (with DirectorySlash Off the listed URL may lack its slash)
    const base = mapped.urlPath.endsWith('/') ? mapped.urlPath : `${mapped.urlPath}/`;
    const sub = subMapped(base + name);
    if (!sub) continue;
    const st = stats[i];
    if (!st) continue; // dangling symlink or vanished
    if (!st.isFile() && !st.isDirectory()) continue;
    if (dirent.isFile()) primeFilePlan(dirPlan, { ...sub, path: path.join(dir, name), name, stat: st }, ports);
    const check = await ctx.subrequest(
      req,
      st.isDirectory() ? { ...sub, trailingSlash: true, urlPath: sub.urlPath + '/' } : sub,
      { accessOnly: true, depth: (opts.depth ?? 0) + 1 },
    );
    // Hidden unless its sub-request succeeds or redirects (Redirect gone / RedirectMatch 404 hide it);
    // IndexOptions ShowForbidden also shows what needs a password or is forbidden.
    shared &&= sameForEveryClient(check.config);
    if (st.isDirectory()) subdirs.push(path.join(dir, name));
    const status =
      check.status < 400 && st.isDirectory() ? await subdirectoryLookup(req, sub, check, ctx, opts) : check.status;
    if (status >= 400 && !(showForbidden && (status === 401 || status === 403))) continue;
    const description = cfg.descriptions ? findDescription(cfg.descriptions, path.join(dir, name), name) : undefined;
    entries.push({
      name,
      isDir: st.isDirectory(),
      size: st.size,
      mtime: st.mtime,
      // the type the entry's own sub-request would send (its AddType/ForceType), for JSON and icons
      type: st.isDirectory() ? null : mediaTypeOf(contentTypeFor(name, check.config ?? cfg, ctx.mime)),
      ...(description !== undefined ? { description } : {}),
    });
  }
  return { entries, sameForEveryClient: shared, subdirs };
}

/** With SetHandler in force, neither mod_dir's listing nor autoindex answers: Apache's 404. */
function handlerOwnsDirectory({ cfg, user, steps }: StagedRequest): Decision {
  steps.push({
    stage: 'handler',
    text: `SetHandler ${cfg.handler}: a directory is not served (no listing)`,
    result: '404',
  });
  return markLookup(
    errorDecision(
      404,
      `404: SetHandler ${cfg.handler} is in force, and a directory is not a file it can serve`,
      steps,
      cfg,
      { user },
    ),
    'handler-only',
  );
}

export async function serveDirectory(s: StagedRequest, dir: string): Promise<Decision> {
  const { req, mapped, cfg, user, steps, ctx, opts } = s;
  if ((opts.depth ?? 0) >= MAX_DEPTH)
    return errorDecision(500, '500: DirectoryIndex sub-requests nest too deeply', steps, cfg, { user });
  if (cfg.handler && cfg.directoryCheckHandler) return handlerOwnsDirectory(s);
  // Without its slash (DirectorySlash Off), mod_dir's fixup declines: no DirectoryIndex search,
  // so a sibling named "<dir>index.html" is never taken for the index.
  const index = mapped.trailingSlash ? await tryIndex(req, mapped, cfg, steps, ctx, opts) : null;
  if (index) return index;
  if (cfg.handler) return handlerOwnsDirectory(s);
  if (!cfg.options.has('Indexes')) {
    steps.push({
      stage: 'handler',
      text: 'no index file, and Options does not include Indexes',
      loc: cfg.optionsLoc,
      result: '403',
    });
    return markLookup(
      errorDecision(
        403,
        `403: ${mapped.urlPath} has no index file and listings are off (Options -Indexes, ${formatLoc(cfg.optionsLoc)})`,
        steps,
        cfg,
        {
          user,
          decidedBy: { loc: cfg.optionsLoc, text: 'Options without Indexes' },
          logNote: {
            level: 'error',
            code: 'AH01276',
            message:
              `Cannot serve directory ${dir}/: No matching DirectoryIndex, and server-generated ` +
              `directory index forbidden by Options directive`,
          },
        },
      ),
      'handler-only',
    );
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    // a listing answers GET and HEAD only; the caller turns this into 405 or OPTIONS' 200
    return markLookup(
      errorDecision(405, `405: ${req.method} on a directory listing`, steps, cfg, { user }),
      'handler-only',
    );
  }
  try {
    const header = cfg.headerName ? await listingInsert(s, cfg.headerName) : undefined;
    const entries = await cachedEntries(s, dir);
    const readme = cfg.readmeName ? await listingInsert(s, cfg.readmeName) : undefined;
    steps.push({ stage: 'handler', text: `listing of ${dir} (${entries.length} entries shown)`, result: '200' });
    const body: Decision['body'] = {
      kind: 'listing',
      urlPath: mapped.urlPath,
      entries,
      ...(header ? { header } : {}),
      ...(readme ? { readme } : {}),
    };
    return {
      status: 200,
      body,
      headers: [],
      config: cfg,
      user,
      steps,
      decidedBy: null,
      why: `200: listing of ${mapped.urlPath} (Options Indexes, no index file)`,
    };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    steps.push({ stage: 'handler', text: `cannot read directory ${dir} (${code})`, result: '403' });
    return markLookup(
      errorDecision(403, `403: the server's user cannot read the directory ${dir} to list it`, steps, cfg, {
        user,
        logNote: { level: 'error', code: 'AH01275', message: `Can't open directory for index: ${dir}/ (${code})` },
      }),
      'handler-only',
    );
  }
}
