// A directory URL with its trailing slash (reference §11.2-11.4): DirectoryIndex candidates in
// order, each a full sub-request; else a listing when Indexes is on; else 403.
// A candidate's non-404 error (e.g. 403 from <Files index.html>) replaces the listing.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import micromatch from 'micromatch';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { Decision, DecisionStep, ListingEntry } from '../decision.js';
import { formatLoc } from '../decision.js';
import { decideMapped, errorDecision, type CoreOptions, type MappedRequest, type PipelineContext, type RequestInfo } from '../pipeline.js';
import { mapUrl } from '../paths/map-url.js';

const MAX_DEPTH = 4;

function subMapped(urlPath: string, query = ''): MappedRequest | null {
  const m = mapUrl(urlPath.split('/').map((s) => encodeURIComponent(s)).join('/'));
  return m.kind === 'path' ? { ...m, query } : null;
}

async function tryIndex(req: RequestInfo, mapped: MappedRequest, cfg: EffectiveConfig, steps: DecisionStep[], ctx: PipelineContext, opts: CoreOptions): Promise<Decision | null> {
  const index = cfg.directoryIndex.value;
  if (index === 'disabled') return null;
  let failure: Decision | null = null;
  for (const candidate of index) {
    const urlPath = candidate.startsWith('/') ? candidate : mapped.urlPath + candidate;
    const sub = subMapped(urlPath, mapped.query);
    if (!sub) continue;
    const d = await decideMapped(req, sub, ctx, { depth: (opts.depth ?? 0) + 1 });
    steps.push({ stage: 'handler', text: `DirectoryIndex candidate ${urlPath}: ${d.status}`, loc: cfg.directoryIndex.loc, result: String(d.status) });
    if (d.status === 200 && d.body.kind === 'file') return { ...d, steps: [...steps, ...d.steps] };
    if (d.status !== 404 && failure === null) failure = { ...d, steps: [...steps, ...d.steps] };
  }
  return failure;
}

function ignored(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => micromatch.isMatch(name, p, { dot: true, nobrace: true, noextglob: true }));
}

async function listEntries(req: RequestInfo, mapped: MappedRequest, dir: string, cfg: EffectiveConfig, ctx: PipelineContext, opts: CoreOptions): Promise<ListingEntry[]> {
  const dirents = await fs.readdir(dir, { withFileTypes: true });
  const entries: ListingEntry[] = [];
  for (const dirent of dirents) {
    const name = dirent.name;
    if (ignored(name, cfg.indexIgnore)) continue;
    // Each entry is shown only if its own access check would pass (Apache's sub-request rule).
    const sub = subMapped(mapped.urlPath + name);
    if (!sub) continue;
    let st;
    try {
      st = await fs.stat(path.join(dir, name));
    } catch {
      continue; // dangling symlink or vanished
    }
    if (!st.isFile() && !st.isDirectory()) continue;
    const check = await decideMapped(req, st.isDirectory() ? { ...sub, trailingSlash: true, urlPath: sub.urlPath + '/' } : sub, ctx,
      { accessOnly: true, depth: (opts.depth ?? 0) + 1 });
    if (check.status >= 400) continue;
    entries.push({ name, isDir: st.isDirectory(), size: st.size, mtime: st.mtime });
  }
  return entries;
}

export async function serveDirectory(
  req: RequestInfo, mapped: MappedRequest, dir: string, cfg: EffectiveConfig, user: string | null,
  steps: DecisionStep[], ctx: PipelineContext, opts: CoreOptions,
): Promise<Decision> {
  if ((opts.depth ?? 0) >= MAX_DEPTH) return errorDecision(500, '500: DirectoryIndex sub-requests nest too deeply', steps, cfg, { user });
  const index = await tryIndex(req, mapped, cfg, steps, ctx, opts);
  if (index) return index;
  if (!cfg.options.has('Indexes')) {
    steps.push({ stage: 'handler', text: 'no index file, and Options does not include Indexes', loc: cfg.optionsLoc, result: '403' });
    return errorDecision(403, `403: ${mapped.urlPath} has no index file and listings are off (Options -Indexes, ${formatLoc(cfg.optionsLoc)})`, steps, cfg, {
      user, decidedBy: { loc: cfg.optionsLoc, text: 'Options without Indexes' },
      logNote: { level: 'error', code: 'AH01276', message: `Cannot serve directory ${dir}/: No matching DirectoryIndex, and server-generated directory index forbidden by Options directive` },
    });
  }
  try {
    const entries = await listEntries(req, mapped, dir, cfg, ctx, opts);
    steps.push({ stage: 'handler', text: `listing of ${dir} (${entries.length} entries shown)`, result: '200' });
    return { status: 200, body: { kind: 'listing', urlPath: mapped.urlPath, entries }, headers: [], config: cfg, user, steps, decidedBy: null, why: `200: listing of ${mapped.urlPath} (Options Indexes, no index file)` };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    steps.push({ stage: 'handler', text: `cannot read directory ${dir} (${code})`, result: '403' });
    return errorDecision(403, `403: the server's user cannot read the directory ${dir} to list it`, steps, cfg, {
      user, logNote: { level: 'error', code: 'AH01275', message: `Can't open directory for index: ${dir}/ (${code})` },
    });
  }
}
