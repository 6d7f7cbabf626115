// <If "expr">, <ElseIf "expr">, <Else> (core's ifsection): the body is compiled now into a
// DirFragment of its own and recorded, with its condition, on the enclosing section. Which bodies
// apply is decided per request, after the directories and <Files> (src/htaccess/if-walk.ts).

import { parseBooleanExpr } from '../../expr/parse.js';
import { getWord } from '../lexer.js';
import type { SectionNode } from '../parse.js';
import type { CompiledExpr } from '../../expr/types.js';
import type { IfSection } from '../types.js';
import { FragmentBuilder } from './fragment-builder.js';
import { placeExprRegexes } from './regex.js';
import type { DirectiveSpec } from './spec.js';

const HELP = 'Container for directives to be conditionally applied';

function ifSection(name: '<If' | '<ElseIf' | '<Else', kind: IfSection['kind']): DirectiveSpec {
  return {
    name,
    module: 'core',
    override: 'any',
    args: 'raw',
    help: HELP,
    support: 'supported',
    run(ctx, { node, raw, loc }) {
      // Checked in Apache's order: context, header, condition, body, chain, extra arguments.
      if (ctx.limitedContext) ctx.fail(`${name}> cannot occur within <Limit> or <LimitExcept> section`);
      const end = raw.lastIndexOf('>');
      if (end < 0) ctx.fail(`${name}> directive missing closing '>'`);
      const header = raw.slice(0, end);
      let expr: CompiledExpr | null = null;
      let rest = '';
      if (kind === 'else') {
        if (header !== '') ctx.fail('<Else> does not take an argument');
      } else {
        if (header === '') ctx.fail(`${name}> directive requires additional arguments`);
        const condition = getWord(header);
        const parsed = parseBooleanExpr(condition.word);
        if (!parsed.ok) return ctx.fail(`Cannot parse condition clause: ${parsed.error}`);
        expr = parsed.value;
        placeExprRegexes(ctx, expr, loc);
        rest = header.slice(condition.next);
      }

      const builder = new FragmentBuilder(ctx.file);
      ctx.walk(node as SectionNode, { fragment: builder, container: null });
      const body = builder.finish();
      // Apache files a <Files> inside <If> where the request walk never looks: it has no effect.
      for (const f of body.files)
        ctx.warn(
          `<Files ${f.matcher.pattern}> inside ${name}> has no effect (Apache ignores it); move it outside`,
          f.loc,
        );
      body.files = [];

      // ap_add_if_conf: the chain is the section's list of If sections, whatever lies between.
      const list = (ctx.fragment.fragment.ifSections ??= []);
      if (kind !== 'if') {
        const last = list[list.length - 1];
        if (last === undefined || last.kind === 'else') {
          ctx.fail('<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope');
        }
      }
      list.push({ kind, expr, body, loc });
      if (rest !== '') ctx.fail(`Multiple ${name}> arguments not supported.`);
    },
  };
}

export const ifDirectives: readonly DirectiveSpec[] = [
  ifSection('<If', 'if'),
  ifSection('<ElseIf', 'elseif'),
  ifSection('<Else', 'else'),
];
