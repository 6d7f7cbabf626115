// Containers: <Files>/<FilesMatch> (their own DirFragment, merged after the directories),
// <Limit>/<LimitExcept> (restrict the methods of the rules inside), <If>/<ElseIf>/<Else> (see
// if.ts), the conditional sections (evaluated while parsing), and the server-only ones that are
// "not allowed here".

import { getWord } from '../lexer.js';
import type { SectionNode } from '../parse.js';
import type { FilesMatcher } from '../types.js';
import { serverOnly } from './define.js';
import { FragmentBuilder } from './fragment-builder.js';
import { ifDirectives } from './if.js';
import { complement, intersect, methodNumberOf, sameMask } from './methods.js';
import { compileApacheRegex, placeRegex } from './regex.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

/** The header text before the last `>`, or the errors Apache gives for a malformed header. */
function sectionHeader(ctx: DirectiveContext, name: string, raw: string): string {
  const end = raw.lastIndexOf('>');
  if (end < 0) ctx.fail(`${name}> directive missing closing '>'`);
  const header = raw.slice(0, end);
  if (header === '') ctx.fail(`${name}> directive requires additional arguments`);
  return header;
}

function filesSection(name: '<Files' | '<FilesMatch', alwaysRegex: boolean): DirectiveSpec {
  return {
    name,
    module: 'core',
    override: 'any',
    args: 'raw',
    help: 'Container for directives affecting files matching specified patterns',
    support: 'supported',
    run(ctx, { node, raw, loc }) {
      if (ctx.limitedContext) ctx.fail(`${name}> cannot occur within <Limit> or <LimitExcept> section`);
      const header = sectionHeader(ctx, name, raw);
      let word = getWord(header);
      let matcher: FilesMatcher;
      if (alwaysRegex || word.word === '~') {
        if (!alwaysRegex) word = getWord(header, word.next);
        const regex = compileApacheRegex(word.word) ?? ctx.fail('Regex could not be compiled');
        matcher = { kind: 'regex', regex: placeRegex(ctx, regex, loc), pattern: word.word };
      } else {
        matcher = { kind: 'glob', pattern: word.word };
      }
      // The body is a section of its own: its own Require block, legacy rules, etc.
      const body = new FragmentBuilder(ctx.file);
      ctx.walk(node as SectionNode, { fragment: body, container: null });
      if (word.next < header.length) ctx.fail(`Multiple ${name}> arguments not (yet) supported.`);
      ctx.fragment.fragment.files.push({ matcher, body: body.finish(), loc });
    },
  };
}

function limitSection(name: '<Limit' | '<LimitExcept', except: boolean, help: string): DirectiveSpec {
  return {
    name,
    module: 'core',
    override: ['Limit', 'AuthConfig'],
    args: 'raw',
    help,
    support: 'supported',
    run(ctx, { node, raw }) {
      const header = sectionHeader(ctx, name, raw);
      const listed = new Set<string>();
      for (let pos = 0; pos < header.length;) {
        const w = getWord(header, pos);
        pos = w.next;
        // An access file may not register new method names (the Optionsbleed fix).
        const method =
          methodNumberOf(w.word) ??
          ctx.fail(`Could not register method '${w.word}' for ${name} from .htaccess configuration`);
        if (method === 'TRACE' && !except) ctx.fail('TRACE cannot be controlled by <Limit>, see TraceEnable');
        listed.add(method);
      }
      const effective = intersect(ctx.limited, except ? complement(listed) : listed);
      if (effective.size === 0) ctx.fail(`${name}> directive excludes all methods`);
      if (sameMask(effective, ctx.limited)) ctx.fail(`${name}> directive specifies methods already excluded`);
      ctx.walk(node as SectionNode, { limited: effective, limitedContext: true });
    },
  };
}

/** Handled by the parser while reading; listed here for lookups and `--help`. */
function conditionalSection(name: string, help: string): DirectiveSpec {
  return {
    name,
    module: 'core',
    override: 'any',
    args: 'raw',
    help,
    support: 'supported',
    run(ctx) {
      ctx.fail(`${name}> was not evaluated while reading the file`);
    },
  };
}

export const sectionDirectives: readonly DirectiveSpec[] = [
  filesSection('<Files', false),
  filesSection('<FilesMatch', true),
  limitSection('<Limit', false, 'Container for authentication directives when accessed using specified HTTP methods'),
  limitSection(
    '<LimitExcept',
    true,
    'Container for authentication directives to be applied when any HTTP method other than those specified is used to access the resource',
  ),
  conditionalSection('<IfModule', 'Container for directives based on existence of specified modules'),
  { ...conditionalSection('<IfVersion', 'a comparison operator, a version (and a delimiter)'), module: 'mod_version' },
  conditionalSection('<IfDefine', 'Container for directives based on existence of command line defines'),
  conditionalSection('<IfDirective', 'Container for directives based on existence of named directive'),
  conditionalSection('<IfSection', 'Container for directives based on existence of named section'),
  conditionalSection('<IfFile', 'Container for directives based on existence of files on disk'),
  ...ifDirectives,
  serverOnly('<Directory', 'core', 'Container for directives affecting resources located in the specified directories'),
  serverOnly(
    '<DirectoryMatch',
    'core',
    'Container for directives affecting resources located in the specified directories',
  ),
  serverOnly(
    '<Location',
    'core',
    'Container for directives affecting resources accessed through the specified URL paths',
  ),
  serverOnly(
    '<LocationMatch',
    'core',
    'Container for directives affecting resources accessed through the specified URL paths',
  ),
  serverOnly(
    '<VirtualHost',
    'core',
    'Container to map directives to a particular virtual host, takes one or more host addresses',
  ),
  serverOnly(
    '<AuthnProviderAlias',
    'mod_authn_core',
    "container for grouping an authentication provider's directives under a provider alias",
  ),
  serverOnly(
    '<AuthzProviderAlias',
    'mod_authz_core',
    "container for grouping an authorization provider's directives under a provider alias",
  ),
];
