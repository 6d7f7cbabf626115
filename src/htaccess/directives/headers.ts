// mod_headers: `Header [always|onsuccess] action name [value] [early|env=[!]VAR|expr=...]`
// (src header_cmd, header_inout_cmd, parse_format_string). An `env=` clause is kept on the
// rule; `expr=` conditions and values cannot be evaluated, so such lines are dropped (warned).

import { getWord } from '../lexer.js';
import type { HeaderRule } from '../types.js';
import { exprStringError } from './expr-string.js';
import type { SafeRegex } from '../../regex/safe-regex.js';
import { compileApacheRegex, placeRegex } from './regex.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

const FILEINFO = ['FileInfo'] as const;

const ACTIONS = ['add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', 'edit*'];
const SUPPORTED: readonly HeaderRule['action'][] = [
  'set',
  'append',
  'add',
  'unset',
  'merge',
  'setifempty',
  'edit',
  'edit*',
];
/** Format tags mod_headers knows: %t %D %l %i %s %e (and %{...} forms). */
const FORMAT_TAGS = new Set(['t', 'D', 'l', 'i', 's', 'e']);

/**
 * The value as mod_headers stores it: `\n`, `\r`, `\t`, `\\` escapes and `%%` are resolved.
 * Dynamic tags (%D, %{VAR}e...) are kept as written, with a warning; an unknown tag is an error.
 */
function parseValue(ctx: DirectiveContext, value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      const n = value[i + 1];
      const escaped = n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n === '\\' ? '\\' : null;
      if (escaped === null) out += c;
      else {
        out += escaped;
        i++;
      }
      continue;
    }
    if (c !== '%') {
      out += c;
      continue;
    }
    const n = value[i + 1];
    if (n === undefined || n === '%') {
      out += '%';
      i++;
      continue;
    }
    let j = i + 1;
    if (value[j] === '{') {
      const close = value.indexOf('}', j);
      j = close < 0 ? value.length : close + 1;
    }
    const tag = value[j];
    if (tag === undefined || !FORMAT_TAGS.has(tag)) ctx.fail(`Unrecognized header format %${tag ?? ''}`);
    ctx.warn(`Header format ${value.slice(i, j + 1)} is not expanded by htserve`);
    out += value.slice(i, j + 1);
    i = j;
  }
  return out;
}

/** `Header` edits the response; `RequestHeader` edits the request before the handler runs. */
const headerDirective = (kind: 'Header' | 'RequestHeader', help: string): DirectiveSpec => ({
  name: kind,
  module: 'mod_headers',
  override: FILEINFO,
  args: 'raw',
  help,
  support: 'supported',
  run(ctx, { raw, loc }) {
    let w = getWord(raw);
    let always = false;
    let early = false;
    if (kind === 'Header' && (w.word.toLowerCase() === 'always' || w.word.toLowerCase() === 'onsuccess')) {
      always = w.word.toLowerCase() === 'always';
      w = getWord(raw, w.next);
    }
    const action = w.word.toLowerCase();
    const rest: (string | null)[] = [];
    let pos = w.next;
    const name = getWord(raw, pos);
    pos = name.next;
    for (let k = 0; k < 3; k++) {
      if (pos >= raw.length) rest.push(null);
      else {
        const next = getWord(raw, pos);
        rest.push(next.word);
        pos = next.next;
      }
    }
    if (pos < raw.length) ctx.fail('Header has too many arguments');
    let [value, subs, envclause] = rest as [string | null, string | null, string | null];

    if (!ACTIONS.includes(action)) {
      ctx.fail(
        "first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.",
      );
    }
    let editRegex: SafeRegex | undefined;
    if (action === 'edit' || action === 'edit*') {
      if (subs === null) ctx.fail('Header edit requires a match and a substitution');
      editRegex = compileApacheRegex(value ?? '') ?? ctx.fail(`Header edit regex '${value}' could not be compiled`);
      placeRegex(ctx, editRegex, loc);
      value = subs;
      subs = null;
    } else {
      if (envclause !== null) ctx.fail('Too many arguments to directive');
      envclause = subs;
    }
    if (action === 'unset') {
      if (value !== null) {
        if (envclause !== null) ctx.fail('header unset takes two arguments');
        envclause = value;
        value = null;
      }
    } else if (action === 'echo') {
      if (value !== null) {
        if (envclause !== null) ctx.fail('Header echo takes two arguments');
        envclause = value;
        value = null;
      }
    } else if (value === null) {
      ctx.fail('Header requires three arguments');
    }

    let env: HeaderRule['env'];
    // The line is fully checked first; only then is a form htserve cannot apply dropped.
    let unsupported: string | null = null;
    if (envclause !== null) {
      const clause = envclause.toLowerCase();
      if (clause === 'early') {
        // Header early: for a static response the same headers end up on it. RequestHeader
        // early only works in the server config: Apache ignores it in an access file.
        early = true;
      } else if (clause.startsWith('env=')) {
        const variable = envclause.slice(4);
        if (variable === '' || variable === '!') {
          ctx.fail('error: missing environment variable name. envclause should be in the form env=envar ');
        }
        env = variable.startsWith('!') ? { name: variable.slice(1), negate: true } : { name: variable, negate: false };
      } else if (clause.startsWith('expr=')) {
        unsupported = `Header condition ${envclause} is not supported by htserve; the header is not set`;
      } else {
        ctx.fail(`Unknown parameter: ${envclause}`);
      }
    }

    if (value !== null && value.toLowerCase().startsWith('expr=')) {
      const error = exprStringError(value.slice(5));
      if (error !== null) ctx.fail(`Can't parse value expression : ${error}`);
    }
    const header = name.word.includes(':') ? name.word.slice(0, name.word.indexOf(':')) : name.word;
    const text = value === null ? null : value.toLowerCase().startsWith('expr=') ? null : parseValue(ctx, value);
    if (value !== null && text === null) {
      unsupported ??= 'Header values of the form expr=... are not supported by htserve; the header is not set';
    }
    if (!SUPPORTED.includes(action as HeaderRule['action']))
      unsupported ??= `Header ${action} is not supported by htserve; ignored`;
    if (unsupported !== null) {
      ctx.warn(unsupported);
      return;
    }
    if (header === '') return;
    if (text !== null && /[\r\n\0]/.test(text)) {
      ctx.warn(`Header ${header}: a value with a line break cannot be sent; ignored`);
      return;
    }
    const rule: HeaderRule = { action: action as HeaderRule['action'], always, name: header, value: text, loc };
    if (env !== undefined) rule.env = env;
    if (editRegex !== undefined) rule.edit = editRegex;
    if (kind === 'Header') ctx.fragment.fragment.headers.push(rule);
    else if (!early) (ctx.fragment.fragment.requestHeaders ??= []).push(rule);
  },
});

export const headersDirectives: readonly DirectiveSpec[] = [
  headerDirective('Header', 'an optional condition, an action, header and value followed by optional env clause'),
  headerDirective('RequestHeader', 'an action, header and value followed by optional env clause'),
];
