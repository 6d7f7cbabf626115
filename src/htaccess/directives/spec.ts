// The shape of one directive-table row and of the context a directive runs in. Each row is
// what Apache's command_rec says: name, argument shape, AllowOverride class, help text, and the
// function that writes the directive's effect into the DirFragment under construction.

import type { ConfigNode, SectionNode } from '../parse.js';
import type { AllowOverride, OverrideCategory, SourceLoc } from '../types.js';
import type { FragmentBuilder, RequireContainerDraft } from './fragment-builder.js';
import type { MethodMask } from './methods.js';

/** How Apache splits the arguments before calling the directive (invoke_cmd). */
export type ArgShape =
  | 'raw' // the argument text as is
  | 'noArgs'
  | 'take1'
  | 'take2'
  | 'take12'
  | 'take23'
  | 'take123'
  | 'iterate' // one or more words
  | 'iterate2' // a first word, then one or more
  | 'flag'; // On | Off

/**
 * Which AllowOverride lets the directive into an access file: any of the listed categories,
 * `any` (every category except None), or `never` (server configuration only).
 */
export type OverrideRule = readonly OverrideCategory[] | 'any' | 'never';

/** How htserve treats a directive Apache accepts. */
export type Support =
  | 'supported' // compiled into the DirFragment
  | 'ignored' // accepted and checked like Apache, but it has no effect in htserve (a warning)
  | 'unsupported' // valid in Apache, refused by htserve (500) because ignoring it could open access
  | 'server-only' // "not allowed here" in any access file
  | 'htserve-only'; // an htserve extension Apache does not know (lint warns: Apache would answer 500)

export interface DirectiveSpec {
  /** The name as Apache registers it: `AuthType`, `<Files`, `order`. */
  readonly name: string;
  /** The Apache module that defines it, e.g. `mod_authz_core`. */
  readonly module: string;
  readonly override: OverrideRule;
  readonly args: ArgShape;
  /** Apache's one-line description (also the tail of its arity error messages). */
  readonly help: string;
  readonly support: Support;
  /** Apply the directive. Errors are thrown with ctx.fail(). */
  run(ctx: DirectiveContext, call: DirectiveCall): void;
}

export interface DirectiveCall {
  readonly node: ConfigNode;
  readonly loc: SourceLoc;
  /** The argument text (for `raw` directives and sections). */
  readonly raw: string;
  /**
   * The words, per shape: take1 [a]; take2 [a, b]; take12 [a] or [a, b]; take23 [a, b] or
   * [a, b, c]; take123 one to three; iterate all words; iterate2 [first, ...rest]; else [].
   */
  readonly words: readonly string[];
  /** The value of a `flag` directive. */
  readonly flag: boolean;
}

/** What changes when the walk descends into a section. */
export interface WalkScope {
  fragment?: FragmentBuilder;
  override?: ReadonlySet<OverrideCategory>;
  limited?: MethodMask;
  limitedContext?: boolean;
  /** null starts a fresh top level (a <Files> body). */
  container?: RequireContainerDraft | null;
}

export interface DirectiveContext {
  readonly file: string;
  readonly allow: AllowOverride;
  /** Categories in force: the AllowOverride ones, or only AuthConfig inside Require containers. */
  readonly override: ReadonlySet<OverrideCategory>;
  /** The enclosing section, for "X not allowed in <Files> context" messages. */
  readonly parent: SectionNode | null;
  /** Methods covered by the enclosing <Limit>/<LimitExcept> (all methods outside them). */
  readonly limited: MethodMask;
  /** Inside <Limit>, <LimitExcept> or a Require container (Apache: cmd->limited != -1). */
  readonly limitedContext: boolean;
  /** The fragment being built: the file's, or a <Files> body. */
  readonly fragment: FragmentBuilder;
  /** The Require container being filled; null at the top of a fragment (its implicit RequireAny). */
  readonly container: RequireContainerDraft | null;
  /** Run the children of `section` with some of the above changed. */
  walk(section: SectionNode, scope: WalkScope): void;
  fail(message: string, loc?: SourceLoc): never;
  warn(message: string, loc?: SourceLoc): void;
}
