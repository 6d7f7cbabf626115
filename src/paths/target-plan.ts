// Decide once, serve many times: everything about a URL that does not depend on who asks or how —
// the directory walk (access files merged, permissions, symlinks), what the URL names, the
// <Files> sections that apply, Apache's r->filename — computed once and kept in the plan cache
// (src/cache/fresh-cache.ts) until a directory on the way changes or `cache.revalidate_ms` passes.
import type { Stats } from 'node:fs';
import type { FreshCache } from '../cache/fresh-cache.js';
import type { DirWatchHub } from '../cache/dir-watch.js';
import type { AccessFileCache } from '../htaccess/access-file-cache.js';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import { applyFilesSections } from '../htaccess/merge.js';
import { refusesSymlinks, walk, type WalkResult, type WalkTarget } from './walk.js';
import type { DecisionStep } from '../decision.js';

/** What %{REQUEST_FILENAME} and %{DOCUMENT_ROOT} read in expressions. */
export interface RequestFiles {
  filename: string;
  documentRoot: string;
}

export interface TargetPlan {
  walked: WalkResult;
  /** The explanation of all this (map, walk, <Files>), built once: shared, never mutated. */
  steps: readonly DecisionStep[];
  /** The configuration after <Files> (the walk's own when it failed). */
  filesCfg: EffectiveConfig;
  files: RequestFiles | null;
}

export interface PlanInput {
  segments: readonly string[];
  trailingSlash: boolean;
  urlPath: string;
}

function planSteps(mapped: PlanInput, root: string, walked: WalkResult, filesCfg: EffectiveConfig): DecisionStep[] {
  const steps: DecisionStep[] = [{ stage: 'map', text: `${mapped.urlPath} -> ${root}${mapped.urlPath}` }];
  for (const s of walked.steps) steps.push({ stage: 'walk', text: s });
  if (!walked.failure)
    for (const f of filesCfg.appliedFiles)
      steps.push({ stage: 'files', text: `<Files> section applies to "${walked.target?.name}"`, loc: f.loc });
  return steps;
}

export interface PlanPorts {
  root: string;
  base: EffectiveConfig;
  accessFiles: AccessFileCache;
  plans: FreshCache<TargetPlan>;
  watchHub: DirWatchHub;
}

/**
 * Apache's r->filename after the directory walk: the path as far as the walk got (the first
 * missing component included, path-info left out); a directory keeps the URL's trailing slash.
 */
function requestFiles(target: WalkTarget, mapped: PlanInput, root: string): RequestFiles {
  const slash =
    target.kind === 'dir' && (mapped.trailingSlash || mapped.segments.length === 0) && !target.path.endsWith('/');
  return { filename: slash ? `${target.path}/` : target.path, documentRoot: root };
}

/**
 * The name <Files> sections are matched against: the last path component, and for a directory
 * URL with its trailing slash the empty name (Apache's r->filename then ends in '/').
 */
function filesName(target: WalkTarget): string {
  return target.kind === 'dir' && target.name === null ? '' : (target.name ?? '');
}

async function computePlan(mapped: PlanInput, ports: PlanPorts): Promise<TargetPlan> {
  const walked = await walk({
    root: ports.root,
    segments: mapped.segments,
    trailingSlash: mapped.trailingSlash,
    base: ports.base,
    accessFiles: ports.accessFiles,
    // Watch before reading, so a change during the walk is seen (and the result not kept).
    visit: ports.plans.enabled ? (dir) => void ports.watchHub.get(dir) : undefined,
  });
  const target = walked.target;
  if (walked.failure || !target)
    return {
      walked,
      steps: planSteps(mapped, ports.root, walked, walked.config),
      filesCfg: walked.config,
      files: null,
    };
  const filesCfg = applyFilesSections(walked.config, filesName(target));
  return {
    walked,
    steps: planSteps(mapped, ports.root, walked, filesCfg),
    filesCfg,
    files: requestFiles(target, mapped, ports.root),
  };
}

function planKey(mapped: PlanInput): string {
  // A NUL cannot occur in a decoded segment (map-url refuses it), so it separates them safely.
  return (mapped.trailingSlash ? '/' : '-') + mapped.segments.join('\0');
}

/**
 * A listing already knows what the walk to each of its regular files would find: the directory's
 * own walk, plus the entry's stat. Storing that saves one full walk per entry on a listing's
 * first request (the sub-request then finds its plan). Only for plain files (not symlinks).
 */
export function primeFilePlan(
  dirPlan: TargetPlan,
  entry: PlanInput & { path: string; name: string; stat: Stats },
  ports: PlanPorts,
): void {
  const w = dirPlan.walked;
  if (!ports.plans.enabled || w.failure || w.target?.kind !== 'dir') return;
  const target: WalkTarget = {
    kind: 'file',
    path: entry.path,
    stat: entry.stat,
    name: entry.name,
    noFollow: refusesSymlinks(w.config),
  };
  const walked: WalkResult = { config: w.config, target, failure: null, steps: w.steps, dirs: w.dirs };
  const filesCfg = applyFilesSections(w.config, entry.name);
  const plan = {
    walked,
    steps: planSteps(entry, ports.root, walked, filesCfg),
    filesCfg,
    files: requestFiles(target, entry, ports.root),
  };
  ports.plans.store(planKey(entry), plan, ports.plans.freshness(w.dirs));
}

export function planTarget(mapped: PlanInput, ports: PlanPorts): Promise<TargetPlan> {
  const key = planKey(mapped);
  return ports.plans.get(key, async () => {
    const plan = await computePlan(mapped, ports);
    return { value: plan, dirs: plan.walked.dirs };
  });
}
