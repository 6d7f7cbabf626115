// Parent -> child merging of mod_expires and of the DEFLATE output filter, as Apache merges them
// (docs/apache-behaviour.md §22).
import type { DeflateConfig, ExpiresConfig } from './effective-config.js';
import type { ExpiresFragment, ExpiryCode, OutputFiltersFragment } from './types.js';

/**
 * merge_expires_dir_configs: ExpiresActive and ExpiresDefault are inherited unless set here, the
 * child's ExpiresByType entries come before the parent's, and `major/*` entries keep working
 * below (observed on Apache 2.4.71, case:caching-wildcard-types-still-apply-in-a-child-directory).
 */
export function mergeExpires(parent: ExpiresConfig | undefined, frag: ExpiresFragment): ExpiresConfig {
  const byType = new Map<string, ExpiryCode>(parent?.byType ?? []);
  for (const [type, code] of frag.byType) byType.set(type, code.value);
  return {
    active: frag.active ? frag.active.value : (parent?.active ?? false),
    default: frag.default ? frag.default.value : (parent?.default ?? null),
    byType,
    wildcards: frag.wildcards || (parent?.wildcards ?? false),
  };
}

/**
 * SetOutputFilter replaces the parent's list (core's merge); a level's AddOutputFilterByType
 * DEFLATE lines replace the parent's types (mod_filter keeps one DEFLATE harness per level:
 * case:caching-output-filters-merge-across-directories); AddOutputFilter / RemoveOutputFilter
 * overlay per extension (mod_mime).
 */
export function mergeOutputFilters(parent: DeflateConfig | undefined, frag: OutputFiltersFragment): DeflateConfig {
  const types = frag.deflateTypes ? new Set(frag.deflateTypes.map((t) => t.value)) : (parent?.types ?? new Set());
  const extensions = new Map(parent?.extensions ?? []);
  for (const [ext, on] of frag.byExtension ?? []) extensions.set(ext, on.value);
  return { all: frag.set ? frag.set.value : (parent?.all ?? false), types, extensions };
}
