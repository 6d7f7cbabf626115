// mod_rewrite's config_perdir_merge: engine state, options and RewriteBase inherit when the child
// does not set them; the directory is always the child's; rules are the child's alone unless
// RewriteOptions Inherit (parent's after) or InheritBefore (parent's first) is in force.
import type { RewriteConfig, RewriteFragment } from './types.js';

function fromFragment(f: RewriteFragment): RewriteConfig {
  return {
    directory: f.directory,
    engineOn: f.engine?.on ?? false,
    engineLoc: f.engine?.loc ?? null,
    options: f.options?.set ?? new Set(),
    base: f.base?.value ?? null,
    rules: f.rules,
  };
}

export function mergeRewrite(parent: RewriteConfig | undefined, f: RewriteFragment): RewriteConfig {
  const own = fromFragment(f);
  if (parent === undefined) return own;
  const options = f.options ? own.options : parent.options;
  // InheritDown(Before) on the parent pulls its rules into every child that does not IgnoreInherit.
  const down =
    !options.has('IgnoreInherit') && (parent.options.has('InheritDown') || parent.options.has('InheritDownBefore'));
  const before = options.has('InheritBefore') || (down && parent.options.has('InheritDownBefore'));
  const after = !before && (options.has('Inherit') || down);
  return {
    directory: f.directory,
    engineOn: f.engine ? own.engineOn : parent.engineOn,
    engineLoc: f.engine ? own.engineLoc : parent.engineLoc,
    options,
    base: f.base ? own.base : parent.base,
    rules: before ? [...parent.rules, ...f.rules] : after ? [...f.rules, ...parent.rules] : f.rules,
  };
}
