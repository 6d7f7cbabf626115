// mod_setenvif and mod_env (both loaded in the Apache of docs/apache-behaviour.md §0.1, AllowOverride FileInfo).
// SetEnvIf-family lines compile to SetEnvIfRules: in an access file they run before access
// control, so `Require env` and `Allow from env=` can test what they set. mod_env's SetEnv runs
// after access control and only feeds CGI and header conditions: accepted, no effect here.

import { parseBooleanExpr } from '../../expr/parse.js';
import { getWord } from '../lexer.js';
import type { SafeRegex } from '../../regex/safe-regex.js';
import type { SetEnvIfRule, SourceLoc } from '../types.js';
import { ignored } from './define.js';
import { compileSafeRegex } from '../../regex/safe-regex.js';
import { compileApacheRegex, placeExprRegexes, placeRegex } from './regex.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

const FILEINFO = ['FileInfo'] as const;
const NEVER = compileSafeRegex('(?!)');

/** add_setenvif / add_browser: attribute (or implied User-Agent), regex, then `[!]var[=value]`... */
function setEnvIf(
  name: string,
  impliedAttribute: string | null,
  caseInsensitive: boolean,
  help: string,
): DirectiveSpec {
  return {
    name,
    module: 'mod_setenvif',
    override: FILEINFO,
    args: 'raw',
    help,
    support: 'supported',
    run(ctx, { raw, loc }) {
      let pos = 0;
      let attribute = impliedAttribute;
      if (attribute === null) {
        const field = getWord(raw, pos);
        if (field.word === '') ctx.fail(`Missing header-field name for ${name}`);
        attribute = field.word;
        pos = field.next;
      }
      const pattern = getWord(raw, pos);
      if (pattern.word === '') ctx.fail(`Missing regular expression for ${name}`);
      const regex =
        compileApacheRegex(pattern.word, caseInsensitive) ?? ctx.fail(`${name} regex could not be compiled.`);

      placeRegex(ctx, regex, loc);
      const set = parseAssignments(raw, pattern.next) ?? ctx.fail(`Missing envariable expression for ${name}`);
      const rule: SetEnvIfRule = {
        attribute,
        pattern: pattern.word,
        regex,
        attributeRegex: attributeRegex(ctx, attribute, loc),
        set,
        loc,
      };
      (ctx.fragment.fragment.setEnvIf ??= []).push(rule);
    },
  };
}

const SPECIAL_ATTRIBUTES = new Set([
  'remote_addr',
  'server_addr',
  'remote_host',
  'request_method',
  'request_protocol',
  'request_uri',
]);
const REGEX_CHARS = /[\\^$.|?*+()[\]{}]/;

/**
 * add_setenvif: an attribute with regex characters that is not a special name is itself a
 * (case-insensitive) regex on header names, compiled once here. One that cannot be compiled
 * matches nothing, as before.
 */
function attributeRegex(ctx: DirectiveContext, attribute: string, loc: SourceLoc): SafeRegex | null {
  if (SPECIAL_ATTRIBUTES.has(attribute.toLowerCase()) || !REGEX_CHARS.test(attribute)) return null;
  const regex = compileApacheRegex(attribute, true) ?? NEVER;
  return placeRegex(ctx, regex, loc);
}

/**
 * add_envvars: `VAR`, `VAR=value` or `!VAR` words from `pos` on. They go into a table, so a later
 * one for the same variable replaces the earlier. Null when there are none.
 */
function parseAssignments(raw: string, pos: number): SetEnvIfRule['set'] | null {
  const assignments = new Map<string, string | null>();
  for (let w = getWord(raw, pos); w.word !== ''; w = getWord(raw, w.next)) {
    const eq = w.word.indexOf('=');
    const variable = eq < 0 ? w.word : w.word.slice(0, eq);
    const value = eq < 0 ? '' : w.word.slice(eq + 1);
    // `VAR=` with nothing after it sets "1", like a bare `VAR` (Apache's table logic).
    if (value !== '') assignments.set(variable, value);
    else if (variable.startsWith('!')) assignments.set(variable.slice(1), null);
    else assignments.set(variable, '1');
  }
  if (assignments.size === 0) return null;
  return [...assignments].map(([variable, value]) => ({ name: variable, value }));
}

/** SetEnvIfExpr "expr" VAR...: like SetEnvIf, but the condition is an ap_expr. */
const setEnvIfExpr: DirectiveSpec = {
  name: 'SetEnvIfExpr',
  module: 'mod_setenvif',
  override: FILEINFO,
  args: 'raw',
  help: 'an expression and a list of variables.',
  support: 'supported',
  run(ctx, { raw, loc }) {
    const first = getWord(raw);
    if (first.word === '') ctx.fail('Missing expression for SetEnvIfExpr');
    const parsed = parseBooleanExpr(first.word);
    if (!parsed.ok) return ctx.fail(`Could not parse expression "${first.word}": ${parsed.error}`);
    const set = parseAssignments(raw, first.next) ?? ctx.fail('Missing envariable expression for SetEnvIfExpr');
    // attribute/pattern/regex are unused for an expression rule; the regex can never match.
    placeExprRegexes(ctx, parsed.value, loc);
    const rule: SetEnvIfRule = { attribute: '', pattern: first.word, regex: NEVER, set, expr: parsed.value, loc };
    (ctx.fragment.fragment.setEnvIf ??= []).push(rule);
  },
};

export const envDirectives: readonly DirectiveSpec[] = [
  setEnvIf('SetEnvIf', null, false, 'A header-name, regex and a list of variables.'),
  setEnvIf('SetEnvIfNoCase', null, true, 'a header-name, regex and a list of variables.'),
  setEnvIf('BrowserMatch', 'User-Agent', false, 'A browser regex and a list of variables.'),
  setEnvIf('BrowserMatchNoCase', 'User-Agent', true, 'A browser regex and a list of variables.'),
  setEnvIfExpr,
  {
    name: 'SetEnv',
    module: 'mod_env',
    override: FILEINFO,
    args: 'take12',
    help: 'an environment variable name and optional value to pass to CGI.',
    support: 'supported',
    run(ctx, { words: [name, value], loc }) {
      (ctx.fragment.fragment.setEnv ??= []).push({ name: name!, value: value ?? '', loc });
    },
  },
  {
    name: 'UnsetEnv',
    module: 'mod_env',
    override: FILEINFO,
    args: 'iterate',
    help: 'a list of variables to remove from the CGI environment.',
    support: 'supported',
    run(ctx, { words, loc }) {
      for (const name of words) (ctx.fragment.fragment.setEnv ??= []).push({ name, value: null, loc });
    },
  },
  ignored('PassEnv', 'mod_env', FILEINFO, 'iterate', 'a list of environment variables to pass to CGI.'),
];
