// Parent -> child merging, module by module, as Apache does (docs/apache-behaviour.md §3):
// authn settings inherit one by one, Require follows AuthMerging, legacy access REPLACES,
// Options apply +/- in order, ErrorDocument overlays per code, <Files> and <If> sections accumulate.
import { fnmatch } from './fnmatch.js';
import { combineAuthzBlocks, mergeAuthz } from '../authz/merge-authz.js';
import type { AuthzBlock, DirFragment, FilesSection, IndexOptionsState, OptionName, OptionsChange } from './types.js';
import { serverLoc, type EffectiveConfig } from './effective-config.js';
import { mergeRewrite } from '../rewrite/merge.js';
import { mergeExpires, mergeOutputFilters } from './merge-caching.js';
import { mergeMaxMind } from '../geoip/settings.js';

export interface BaseSettings {
  options: ReadonlySet<OptionName>;
  directoryIndex: readonly string[];
  forbiddenOnFailure: boolean;
  defaultCharset: string | null;
  /** access.fancy_indexing: the root starts as if the server config said `IndexOptions FancyIndexing`. */
  fancyIndexing?: boolean;
}

/** The server-level configuration the document root starts from (like Apache's <Directory>). */
export function baseConfig(settings: BaseSettings): EffectiveConfig {
  const loc = serverLoc();
  return {
    authType: null,
    authName: null,
    authUserFile: null,
    authGroupFile: null,
    authz: {
      kind: 'any',
      methods: null,
      text: '(server config: document root)',
      loc,
      children: [
        {
          kind: 'leaf',
          provider: { type: 'all', granted: true },
          negated: false,
          methods: null,
          text: 'Require all granted',
          loc,
        },
      ],
    },
    forbiddenOnFailure: { value: settings.forbiddenOnFailure, loc },
    legacy: null,
    options: settings.options,
    optionsLoc: loc,
    directoryIndex: { value: settings.directoryIndex, loc },
    directorySlash: true,
    errorDocuments: new Map(),
    indexIgnore: [],
    addTypes: new Map(),
    forceType: null,
    defaultCharset: settings.defaultCharset,
    redirects: [],
    headers: [],
    setEnvIf: [],
    fallbackResource: null,
    acceptPathInfo: 'default',
    files: [],
    sources: [],
    appliedFiles: [],
    ...(settings.fancyIndexing
      ? { indexOptions: { set: new Set(['FancyIndexing']), added: new Set<string>(), removed: new Set<string>() } }
      : {}),
  };
}

export function applyOptions(current: ReadonlySet<OptionName>, changes: readonly OptionsChange[]): Set<OptionName> {
  let result = new Set(current);
  for (const change of changes) {
    if (change.kind === 'set') {
      result = new Set(change.options);
    } else {
      for (const o of change.add) result.add(o);
      for (const o of change.remove) result.delete(o);
    }
  }
  return result;
}

/**
 * mod_autoindex's IndexOptions merge: `None` here clears everything; keywords without +/- here
 * replace the parent's (and drop every increment); only +/- here add to the parent's increments.
 */
export function mergeIndexOptions(base: IndexOptionsState | undefined, add: IndexOptionsState): IndexOptionsState {
  if (add.set.has('None')) return { set: new Set(['None']), added: new Set(), removed: new Set() };
  let set: Set<string>;
  let added = new Set<string>();
  let removed = new Set<string>();
  if (add.set.size === 0) {
    added = new Set([...(base?.added ?? []), ...add.added].filter((o) => !add.removed.has(o)));
    removed = new Set([...(base?.removed ?? []), ...add.removed]);
    set = new Set([...(base?.set ?? [])].filter((o) => o !== 'None'));
  } else {
    set = new Set(add.set);
  }
  for (const o of added) set.add(o);
  for (const o of removed) set.delete(o);
  return { set, added, removed };
}

const mergedAccessFiles = new WeakMap<EffectiveConfig, WeakMap<DirFragment, EffectiveConfig>>();

/**
 * mergeFragment for a directory's access file, memoised by identity: the access-file cache hands
 * out the same fragment while the file is unchanged, so every URL below a directory shares one
 * merged configuration (computed once per version of the chain, collected with it).
 */
export function mergeAccessFile(parent: EffectiveConfig, frag: DirFragment): EffectiveConfig {
  let byFragment = mergedAccessFiles.get(parent);
  if (!byFragment) mergedAccessFiles.set(parent, (byFragment = new WeakMap()));
  let merged = byFragment.get(frag);
  if (!merged) byFragment.set(frag, (merged = mergeFragment(parent, frag)));
  return merged;
}

/** Merge one access file (or one <Files> body) onto the configuration in force above it. */
export function mergeFragment(parent: EffectiveConfig, frag: DirFragment, isFilesBody = false): EffectiveConfig {
  const next: EffectiveConfig = { ...parent };
  if (!isFilesBody) next.sources = [...parent.sources, frag.source];
  if (frag.authType) next.authType = frag.authType;
  if (frag.authName) next.authName = frag.authName;
  if (frag.authUserFile) next.authUserFile = frag.authUserFile;
  if (frag.authGroupFile) next.authGroupFile = frag.authGroupFile;
  if (frag.bearer) next.bearer = { ...parent.bearer, ...frag.bearer };
  if (frag.authz) next.authz = mergeAuthz(parent.authz, frag.authz);
  if (frag.forbiddenOnFailure) next.forbiddenOnFailure = frag.forbiddenOnFailure;
  if (frag.hideForbidden) next.hideForbidden = frag.hideForbidden;
  if (frag.legacy) next.legacy = frag.legacy; // mod_access_compat has no merger: replace
  if (frag.options.length > 0) {
    next.options = applyOptions(parent.options, frag.options);
    next.optionsLoc = frag.options[frag.options.length - 1]!.loc;
  }
  if (frag.directoryIndex) next.directoryIndex = frag.directoryIndex;
  if (frag.directorySlash) next.directorySlash = frag.directorySlash.value;
  if (frag.directoryIndexRedirect) next.directoryIndexRedirect = frag.directoryIndexRedirect.value;
  if (frag.headerName) next.headerName = frag.headerName.value;
  if (frag.readmeName) next.readmeName = frag.readmeName.value;
  if (frag.errorDocuments.size > 0) {
    const docs = new Map(parent.errorDocuments);
    for (const [code, spec] of frag.errorDocuments) docs.set(code, spec);
    next.errorDocuments = docs;
  }
  if (frag.indexIgnoreReset) next.indexIgnore = [];
  if (frag.indexIgnore.length > 0) next.indexIgnore = [...next.indexIgnore, ...frag.indexIgnore.map((i) => i.value)];
  if (frag.indexOptions) next.indexOptions = mergeIndexOptions(parent.indexOptions, frag.indexOptions);
  if (frag.indexOrderDefault) next.indexOrderDefault = frag.indexOrderDefault.value;
  // mod_autoindex merge_autoindex_configs: the child's descriptions, then the parent's
  if (frag.descriptions) next.descriptions = [...frag.descriptions, ...(parent.descriptions ?? [])];
  if (frag.addTypes.size > 0) {
    const types = new Map(parent.addTypes);
    for (const [ext, t] of frag.addTypes) types.set(ext, t.value);
    next.addTypes = types;
  }
  if (frag.forceType) next.forceType = frag.forceType.value;
  if (frag.defaultCharset) next.defaultCharset = frag.defaultCharset.value;
  // mod_alias: the child's redirects are tried before the parent's
  if (frag.redirects.length > 0) next.redirects = [...frag.redirects, ...parent.redirects];
  if (frag.headers.length > 0) next.headers = [...parent.headers, ...frag.headers];
  if (frag.setEnvIf && frag.setEnvIf.length > 0) next.setEnvIf = [...parent.setEnvIf, ...frag.setEnvIf];
  if (frag.handler) next.handler = frag.handler.value;
  if (frag.directoryCheckHandler) next.directoryCheckHandler = frag.directoryCheckHandler.value;
  if (frag.requestHeaders && frag.requestHeaders.length > 0)
    next.requestHeaders = [...(parent.requestHeaders ?? []), ...frag.requestHeaders];
  if (frag.setEnv && frag.setEnv.length > 0) next.setEnv = [...(parent.setEnv ?? []), ...frag.setEnv];
  if (frag.fallbackResource) {
    const v = frag.fallbackResource.value;
    next.fallbackResource = v === null ? null : { value: v, loc: frag.fallbackResource.loc };
  }
  if (frag.acceptPathInfo) next.acceptPathInfo = frag.acceptPathInfo.value;
  if (frag.files.length > 0) next.files = [...parent.files, ...frag.files];
  if (frag.rewrite) next.rewrite = mergeRewrite(parent.rewrite, frag.rewrite);
  if (frag.expires) next.expires = mergeExpires(parent.expires, frag.expires);
  if (frag.outputFilters) next.deflate = mergeOutputFilters(parent.deflate, frag.outputFilters);
  if (frag.maxmind) next.maxmind = mergeMaxMind(parent.maxmind, frag.maxmind);
  if (frag.ifSections && frag.ifSections.length > 0)
    next.ifSections = [...(parent.ifSections ?? []), ...frag.ifSections];
  return next;
}

export function filesSectionMatches(section: FilesSection, name: string): boolean {
  const m = section.matcher;
  if (m.kind === 'regex') return m.regex.test(name);
  return fnmatch(m.pattern, name);
}

/**
 * After the directory walk: merge every matching <Files>/<FilesMatch>, in order (docs/apache-behaviour.md §3.4). Their
 * Require rules are combined among themselves first and then merged once (see combineAuthzBlocks).
 */
export function applyFilesSections(cfg: EffectiveConfig, name: string | null): EffectiveConfig {
  if (name === null || cfg.files.length === 0) return cfg;
  let result = cfg;
  const applied: FilesSection[] = [];
  const authzBlocks: AuthzBlock[] = [];
  for (const section of cfg.files) {
    if (!filesSectionMatches(section, name)) continue;
    const { authz, ...rest } = section.body;
    if (authz) authzBlocks.push(authz);
    result = mergeFragment(result, rest, true);
    applied.push(section);
  }
  const combined = combineAuthzBlocks(authzBlocks);
  if (combined) result = { ...result, authz: mergeAuthz(cfg.authz, combined) };
  return applied.length === 0 ? cfg : { ...result, appliedFiles: applied };
}

/** A fragment and every section body inside it (<Files>, <If> and nested ones), in file order. */
export function fragmentBodies(frag: DirFragment): DirFragment[] {
  const out: DirFragment[] = [frag];
  for (const f of frag.files) out.push(...fragmentBodies(f.body));
  for (const s of frag.ifSections ?? []) out.push(...fragmentBodies(s.body));
  return out;
}
