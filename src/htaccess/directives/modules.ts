// Which Apache modules count as loaded: `<IfModule>` tests them, and a directive of a module that is
// not loaded is an unknown command (a 500), exactly as on an Apache built without it. The list is
// `server.modules` (names without `mod_`); by default every module htserve implements.

/** Modules htserve implements: those of docs/apache-behaviour.md §0.1 (with Debian's built-in mod_version), mod_headers, mod_rewrite, mod_expires, mod_filter and mod_deflate (docs/apache-behaviour.md §22), and MaxMind's mod_maxminddb. */
export const IMPLEMENTED_MODULES: readonly string[] = [
  'version',
  'authz_core',
  'authz_host',
  'authz_user',
  'authz_groupfile',
  'authn_core',
  'authn_file',
  'auth_basic',
  'access_compat',
  'dir',
  'autoindex',
  'mime',
  'alias',
  'headers',
  'env',
  'setenvif',
  'rewrite',
  'expires',
  'filter',
  'deflate',
  // MaxMind's mod_maxminddb (not part of httpd): geolocation variables (src/geoip/)
  'maxminddb',
];

export type ModuleSet = ReadonlySet<string>;

export const DEFAULT_MODULES: ModuleSet = new Set(IMPLEMENTED_MODULES);

/**
 * `<IfModule name>`: `core.c`/`mod_x.c` (module file) and `core_module`/`x_module` (symbol)
 * spellings, case-sensitive as in Apache; core is always there.
 */
export function isModuleLoaded(name: string, modules: ModuleSet = DEFAULT_MODULES): boolean {
  if (name === 'core.c' || name === 'core_module') return true;
  const file = /^mod_(.+)\.c$/.exec(name);
  if (file) return modules.has(file[1]!);
  const symbol = /^(.+)_module$/.exec(name);
  return symbol !== null && modules.has(symbol[1]!);
}

/** A directive table row's module (`core`, `mod_rewrite`): is it loaded? */
export function directiveModuleLoaded(module: string, modules: ModuleSet): boolean {
  return module === 'core' || !module.startsWith('mod_') || modules.has(module.slice(4));
}

/** `server.modules`: names separated by commas or spaces, an optional `mod_` prefix or `.c`/`_module` suffix dropped. */
export function parseModuleList(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.split(/[\s,]+/)) {
    if (raw === '') continue;
    const name = raw.replace(/^mod_/, '').replace(/(\.c|_module)$/, '');
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`'${raw}' is not a module name`);
    out.add(name);
  }
  return out;
}
