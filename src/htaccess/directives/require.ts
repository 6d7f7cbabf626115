// mod_authz_core's directives: Require, the <RequireAll|Any|None> containers, AuthMerging and
// AuthzSendForbiddenOnFailure (src add_authz_provider, add_authz_section). The static rules
// Apache enforces while reading (docs/apache-behaviour.md §6.2) are enforced here: a negation directly under an
// OR (the top level, <RequireAny>, <RequireNone>) has no effect and is an error, and so is an
// empty container. Nested containers of the same kind are flattened, as Apache does.

import { getWord } from '../lexer.js';
import type { SectionNode } from '../parse.js';
import { containerOp, containerTitle, finishContainer, type RequireContainerDraft } from './fragment-builder.js';
import { insideRequireContainer, toMethodSet } from './methods.js';
import { parseProvider } from './require-providers.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

const AUTH = ['AuthConfig'] as const;
const AUTH_ONLY = new Set(AUTH);

/** The container a Require line or nested container lands in: the section's, or the top level. */
function target(ctx: DirectiveContext, loc: { file: string; line: number }): RequireContainerDraft {
  return ctx.container ?? ctx.fragment.authzRoot(loc);
}

function parentKind(ctx: DirectiveContext): RequireContainerDraft['kind'] {
  return ctx.container?.kind ?? 'any';
}

const requireDirective: DirectiveSpec = {
  name: 'Require',
  module: 'mod_authz_core',
  override: AUTH,
  args: 'raw',
  help: 'specifies authorization directives which one must pass (or not) for a request to suceeed',
  support: 'supported',
  run(ctx, { raw, loc }) {
    let first = getWord(raw);
    const negated = first.word.toLowerCase() === 'not';
    if (negated) first = getWord(raw, first.next);
    const provider = parseProvider(ctx, first.word, raw.slice(first.next), loc);
    const parent = parentKind(ctx);
    if (negated && containerOp(parent) === 'or') {
      ctx.fail(`negative Require directive has no effect in ${containerTitle(parent)} directive`);
    }
    target(ctx, loc).children.push({
      kind: 'leaf',
      provider,
      negated,
      methods: toMethodSet(ctx.limited),
      text: `Require ${raw}`,
      loc,
    });
  },
};

function containerDirective(kind: RequireContainerDraft['kind'], help: string): DirectiveSpec {
  const title = containerTitle(kind);
  const name = title.slice(0, -1); // `<RequireAll`
  return {
    name,
    module: 'mod_authz_core',
    override: AUTH,
    args: 'raw',
    help,
    support: 'supported',
    run(ctx, { node, raw, loc }) {
      const end = raw.lastIndexOf('>');
      if (end < 0) ctx.fail(`${name}> directive missing closing '>'`);
      if (raw.slice(0, end) !== '') ctx.fail(`${name}> directive doesn't take additional arguments`);

      const draft: RequireContainerDraft = { kind, children: [], text: title, loc };
      // Inside a container only AuthConfig directives are allowed, and Apache marks the
      // methods as "limited" so that <Files> and friends are refused as inside <Limit>.
      ctx.walk(node as SectionNode, {
        container: draft,
        override: AUTH_ONLY,
        limited: insideRequireContainer(ctx.limited),
        limitedContext: true,
      });

      if (draft.children.length === 0) ctx.fail(`${title} directive contains no authorization directives`);
      const parent = parentKind(ctx);
      if (kind === 'none' && containerOp(parent) === 'or') {
        ctx.fail(`${title} directive has no effect in ${containerTitle(parent)} directive`);
      }
      const into = target(ctx, loc);
      if (kind !== 'none' && containerOp(kind) === containerOp(parent)) into.children.push(...draft.children);
      else into.children.push(finishContainer(draft));
    },
  };
}

export const requireDirectives: readonly DirectiveSpec[] = [
  requireDirective,
  containerDirective(
    'all',
    'container for grouping authorization directives of which none must fail and at least one must pass for a request to succeed',
  ),
  containerDirective(
    'any',
    'container for grouping authorization directives of which one must pass for a request to succeed',
  ),
  containerDirective(
    'none',
    'container for grouping authorization directives of which none must pass for a request to succeed',
  ),
  {
    name: 'AuthMerging',
    module: 'mod_authz_core',
    override: AUTH,
    args: 'take1',
    help:
      "controls how a <Directory>, <Location>, or similar directive's authorization directives are " +
      'combined with those of its predecessor',
    support: 'supported',
    run(ctx, { words: [value], loc }) {
      const v = value!.toLowerCase();
      if (v !== 'off' && v !== 'and' && v !== 'or') return ctx.fail('AuthMerging must be one of: Off | And | Or');
      ctx.fragment.setAuthMerging(v, loc);
    },
  },
  {
    // Not Apache's: an htserve extension (README "Deliberate differences"; lint flags it).
    name: 'AuthzHideForbidden',
    module: 'htserve',
    override: AUTH,
    args: 'take1',
    help: 'On: answer every 403 here as a 404; All: 401s too; Off: as Apache (htserve only)',
    support: 'supported',
    run(ctx, { words: [value], loc }) {
      const v = value!.toLowerCase();
      if (v !== 'on' && v !== 'off' && v !== 'all')
        return ctx.fail('AuthzHideForbidden must be one of: On | Off | All');
      ctx.fragment.fragment.hideForbidden = { value: v, loc };
      ctx.warn(
        'AuthzHideForbidden is an htserve extension: Apache does not know it (there every request here gets 500, ' +
          'Invalid command); wrap it in <IfDirective AuthzHideForbidden> to share this file with Apache',
      );
    },
  },
  {
    name: 'AuthzSendForbiddenOnFailure',
    module: 'mod_authz_core',
    override: AUTH,
    args: 'flag',
    help:
      "Controls if an authorization failure should result in a '403 FORBIDDEN' response instead of the " +
      "HTTP-conforming '401 UNAUTHORIZED'",
    support: 'supported',
    run(ctx, { flag, loc }) {
      ctx.fragment.fragment.forbiddenOnFailure = { value: flag, loc };
    },
  },
];
