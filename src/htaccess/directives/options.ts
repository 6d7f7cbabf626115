// core's Options (src set_options, docs/apache-behaviour.md §3.5): unsigned words replace the inherited set,
// +/- words modify it; the two may only be mixed after a leading None or All. Each keyword is
// also checked against an `AllowOverride Options=...` list.

import { getWord } from '../lexer.js';
import type { OptionName, OptionsChange, SourceLoc } from '../types.js';
import { ignored } from './define.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

const OPTIONS = ['Options'] as const;

/** OPT_ALL: everything except MultiViews and SymLinksIfOwnerMatch. */
const ALL: readonly OptionName[] = ['Indexes', 'Includes', 'FollowSymLinks', 'ExecCGI'];

const KEYWORDS = new Map<string, readonly OptionName[]>([
  ['indexes', ['Indexes']],
  ['includes', ['Includes']],
  ['includesnoexec', ['IncludesNOEXEC']],
  ['followsymlinks', ['FollowSymLinks']],
  ['symlinksifownermatch', ['SymLinksIfOwnerMatch']],
  ['execcgi', ['ExecCGI']],
  ['multiviews', ['MultiViews']],
  ['runscripts', ['MultiViews', 'ExecCGI']], // old alias Apache still accepts
]);

const MIXED = 'Either all Options must start with + or -, or no Option may.';

/** `AllowOverride Options=Includes` also permits IncludesNOEXEC (Apache: both bits). */
function permitted(ctx: DirectiveContext): ReadonlySet<OptionName> | null {
  const list = ctx.allow.optionsList;
  if (list === null) return null;
  const allowed = new Set(list);
  if (allowed.has('Includes')) allowed.add('IncludesNOEXEC');
  return allowed;
}

function parseOptions(ctx: DirectiveContext, raw: string, loc: SourceLoc): OptionsChange[] {
  const allowed = permitted(ctx);
  let first = true;
  let merge = false;
  let allNone = false;
  let replaced: Set<OptionName> | null = null;
  const add = new Set<OptionName>();
  const remove = new Set<OptionName>();

  for (let pos = 0; pos < raw.length;) {
    const next = getWord(raw, pos);
    pos = next.next;
    let word = next.word;
    let action: '+' | '-' | null = null;
    if (word.startsWith('+') || word.startsWith('-')) {
      action = word[0] as '+' | '-';
      word = word.slice(1);
      if (!merge && !first && !allNone) ctx.fail(MIXED);
      merge = true;
    } else if (first) {
      replaced = new Set();
    } else if (merge) {
      ctx.fail(MIXED);
    }

    let options: readonly OptionName[];
    const lower = word.toLowerCase();
    if (lower === 'none' || lower === 'all') {
      const name = lower === 'none' ? 'None' : 'All';
      if (!first)
        ctx.fail(
          lower === 'none'
            ? "'Options None' must be the first Option given."
            : "'Options All' must be the first option given.",
        );
      if (merge) ctx.fail(`You may not use 'Options +${name}' or 'Options -${name}'.`);
      options = lower === 'none' ? [] : ALL;
      allNone = true;
    } else {
      options = KEYWORDS.get(lower) ?? ctx.fail(`Illegal option ${word}`);
    }
    if (allowed !== null && !options.every((o) => allowed.has(o))) ctx.fail(`Option ${word} not allowed here`);

    for (const o of options) {
      if (action === '-') {
        remove.add(o);
        add.delete(o);
      } else if (action === '+') {
        add.add(o);
        remove.delete(o);
      } else {
        replaced!.add(o);
      }
    }
    first = false;
  }

  // `Options None +Indexes`: the replacement, then Apache's remembered +/- on top of it.
  const changes: OptionsChange[] = [];
  if (replaced !== null) changes.push({ kind: 'set', options: replaced, loc });
  if (add.size > 0 || remove.size > 0) changes.push({ kind: 'delta', add, remove, loc });
  return changes;
}

export const optionsDirectives: readonly DirectiveSpec[] = [
  {
    name: 'Options',
    module: 'core',
    override: OPTIONS,
    args: 'raw',
    help: 'Set a number of attributes for a given directory',
    support: 'supported',
    run(ctx, { raw, loc }) {
      ctx.fragment.fragment.options.push(...parseOptions(ctx, raw, loc));
    },
  },
  ignored('ContentDigest', 'core', OPTIONS, 'flag', 'whether or not to send a Content-MD5 header with each request'),
];
