// One access file's text -> DirFragment, or the first fatal error (Apache stops at the first).
// Pure: no I/O. The order of checks per directive is Apache's (ap_walk_config_sub,
// invoke_cmd): unknown name, then AllowOverride class, then argument count, then the value.

import { escapeForLog } from './lexer.js';
import { parseAccessFile, type ConfigNode, type SectionNode } from './parse.js';
import { FragmentBuilder, type RequireContainerDraft } from './directives/fragment-builder.js';
import { testIfVersion } from './directives/if-version.js';
import { invoke } from './directives/invoke.js';
import { ALL_METHODS, type MethodMask } from './directives/methods.js';
import type { DirectiveContext, OverrideRule, WalkScope } from './directives/spec.js';
import { canonicalDirectiveName, directiveExists, findDirective, readTimeError } from './directives/table.js';
import { DEFAULT_MODULES, directiveModuleLoaded, isModuleLoaded, type ModuleSet } from './directives/modules.js';
import {
  ConfigFault,
  emptyFragment,
  type AllowOverride,
  type ConfigError,
  type DirFragment,
  type OverrideCategory,
  type SourceLoc,
} from './types.js';

export type CompileResult = { kind: 'ok'; fragment: DirFragment } | { kind: 'error'; error: ConfigError };

export interface CompileOptions {
  /** `<IfDefine NAME>`: names defined with -D. The Apache of docs/apache-behaviour.md §0.1 defines none. */
  defines?: ReadonlySet<string>;
  /**
   * `<IfFile path>`: does the file exist (relative paths are relative to the server root)?
   * Compiling does no I/O, so the caller answers; by default no file exists.
   */
  fileExists?: (path: string) => boolean;
  /** `server.modules`: the modules an Apache would have loaded (default: all htserve implements). */
  modules?: ModuleSet;
}

/** Where a directive runs: what the enclosing sections have set up. */
interface Scope {
  readonly fragment: FragmentBuilder;
  readonly override: ReadonlySet<OverrideCategory>;
  readonly parent: SectionNode | null;
  readonly limited: MethodMask;
  readonly limitedContext: boolean;
  readonly container: RequireContainerDraft | null;
}

export function compileAccessFile(
  text: string,
  file: string,
  allow: AllowOverride,
  options: CompileOptions = {},
): CompileResult {
  // AllowOverride None: Apache does not even open the file.
  if (allow.categories.size === 0) return { kind: 'ok', fragment: emptyFragment(file) };

  const modules = options.modules ?? DEFAULT_MODULES;
  const known = (name: string): boolean => {
    const spec = findDirective(name);
    return spec === undefined ? directiveExists(name) : directiveModuleLoaded(spec.module, modules);
  };
  const parsed = parseAccessFile(text, {
    file,
    conditions: {
      module: (name) => isModuleLoaded(name, modules),
      define: (name) => options.defines?.has(name) ?? false,
      directive: known,
      section: (name) => known(`<${name}`),
      file: (path) => options.fileExists?.(path) ?? false,
    },
    versionTest: testIfVersion,
    canonicalName: canonicalDirectiveName,
    readTimeError,
  });
  if (parsed.kind === 'error') return parsed;

  const top = new FragmentBuilder(file);
  const walker = new Walker(file, allow, top, modules);
  try {
    walker.walk(parsed.nodes, {
      fragment: top,
      override: allow.categories,
      parent: null,
      limited: ALL_METHODS,
      limitedContext: false,
      container: null,
    });
  } catch (e) {
    if (e instanceof ConfigFault) return { kind: 'error', error: e.fault };
    throw e;
  }
  return { kind: 'ok', fragment: top.finish() };
}

function overrideAllows(rule: OverrideRule, inForce: ReadonlySet<OverrideCategory>): boolean {
  if (rule === 'never') return false;
  if (rule === 'any') return inForce.size > 0;
  return rule.some((category) => inForce.has(category));
}

class Walker {
  constructor(
    private readonly file: string,
    private readonly allow: AllowOverride,
    /** The file's fragment: every warning is collected there, also those from <Files> bodies. */
    private readonly top: FragmentBuilder,
    private readonly modules: ModuleSet,
  ) {}

  walk(nodes: readonly ConfigNode[], scope: Scope): void {
    for (const node of nodes) this.run(node, scope);
  }

  private run(node: ConfigNode, scope: Scope): void {
    const name = node.kind === 'section' ? `<${node.name}` : node.name;
    const fail: (message: string, loc?: SourceLoc) => never = (message, loc = node.loc) => {
      throw new ConfigFault({ file: loc.file, line: loc.line, message });
    };

    const found = findDirective(name);
    // A directive of a module that is not loaded is unknown, as on an Apache built without it.
    const spec = found !== undefined && directiveModuleLoaded(found.module, this.modules) ? found : undefined;
    if (spec === undefined) {
      fail(
        `Invalid command '${escapeForLog(name)}', perhaps misspelled or defined by a module not included in the server configuration`,
      );
    }
    if (!overrideAllows(spec.override, scope.override)) {
      fail(
        scope.parent === null
          ? `${spec.name} not allowed here`
          : `${spec.name} not allowed in ${this.title(scope.parent)} context`,
      );
    }
    const args = invoke(spec, node.rawArgs);
    if (args.kind === 'error') fail(args.message);

    const ctx: DirectiveContext = {
      file: this.file,
      allow: this.allow,
      override: scope.override,
      parent: scope.parent,
      limited: scope.limited,
      limitedContext: scope.limitedContext,
      fragment: scope.fragment,
      container: scope.container,
      walk: (section: SectionNode, change: WalkScope) =>
        this.walk(section.children, this.descend(scope, section, change)),
      fail,
      warn: (message: string, loc: SourceLoc = node.loc) => this.top.warn(message, loc),
    };
    spec.run(ctx, { node, loc: node.loc, raw: node.rawArgs, words: args.words, flag: args.flag });
  }

  private descend(scope: Scope, section: SectionNode, change: WalkScope): Scope {
    return {
      fragment: change.fragment ?? scope.fragment,
      override: change.override ?? scope.override,
      parent: section,
      limited: change.limited ?? scope.limited,
      limitedContext: change.limitedContext ?? scope.limitedContext,
      container: change.container !== undefined ? change.container : scope.container,
    };
  }

  /** `<Files>` as Apache names the parent in "not allowed in <Files> context". */
  private title(section: SectionNode): string {
    return `${canonicalDirectiveName(`<${section.name}`) ?? `<${section.name}`}>`;
  }
}
