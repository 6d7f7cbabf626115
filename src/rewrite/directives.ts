// mod_rewrite's directives in an access file (AllowOverride FileInfo): RewriteEngine, RewriteBase,
// RewriteOptions, RewriteCond and RewriteRule, compiled into the fragment's RewriteFragment.
// Messages are Apache's (cmd_rewritecond, cmd_rewriterule); flags htserve cannot honour are a
// 500 with file:line, never ignored.
import path from 'node:path';
import { placeExprRegexes, placeRegex } from '../htaccess/directives/regex.js';
import { parseBooleanExpr } from '../expr/parse.js';
import { serverOnly } from '../htaccess/directives/define.js';
import type { DirectiveContext, DirectiveSpec } from '../htaccess/directives/spec.js';
import { parseCondTest, parseRuleFlags, parseCondFlags } from './flags.js';
import { splitArgs } from './parse-line.js';
import { compilePattern } from './pattern.js';
import { parseTemplate, TemplateError } from './template.js';
import type { CondTest, RewriteFragment, RewriteOption } from './types.js';

const FILEINFO = ['FileInfo'] as const;
const MODULE = 'mod_rewrite';

/**
 * The per-directory prefix Apache gives the section's configuration: its cmd->path with a slash.
 * In <Files x> that is `x/` and in <If> `*If/`, neither a prefix of any file name: rules there
 * match the whole file-system path, and a relative substitution becomes a URL without a leading
 * slash (a 400) — Apache's behaviour, kept (case:rewrite-rules-inside-files-and-if-sections).
 */
function sectionDirectory(ctx: DirectiveContext): string {
  const section = ctx.parent;
  const name = section?.name.toLowerCase();
  let where: string;
  if (section === null || name === 'limit' || name === 'limitexcept') where = path.dirname(ctx.file);
  else if (name === 'if' || name === 'elseif' || name === 'else') where = '*If';
  else if (name === 'files' || name === 'filesmatch') {
    const words = section.args.map((w) => w.replace(/^(["'])(.*)\1$/s, '$2'));
    where = (words[0] === '~' ? words[1] : words[0]) ?? '';
  } else ctx.fail(`mod_rewrite directives inside <${section.name}> are not supported by htserve`);
  return where.endsWith('/') ? where : `${where}/`;
}

/** The fragment's rewrite configuration, created by its first rewrite directive (as Apache creates it lazily). */
function rewriteOf(ctx: DirectiveContext): RewriteFragment {
  const frag = ctx.fragment.fragment;
  frag.rewrite ??= { directory: sectionDirectory(ctx), rules: [], pending: [] };
  return frag.rewrite;
}

function template(ctx: DirectiveContext, text: string): ReturnType<typeof parseTemplate> {
  try {
    return parseTemplate(text);
  } catch (e) {
    if (e instanceof TemplateError) ctx.fail(e.message);
    throw e;
  }
}

const OPTIONS: Record<string, RewriteOption> = {
  inherit: 'Inherit',
  inheritbefore: 'InheritBefore',
  inheritdown: 'InheritDown',
  inheritdownbefore: 'InheritDownBefore',
  ignoreinherit: 'IgnoreInherit',
  allownoslash: 'AllowNoSlash',
};

export const rewriteDirectives: readonly DirectiveSpec[] = [
  {
    name: 'RewriteEngine',
    module: MODULE,
    override: FILEINFO,
    args: 'flag',
    help: 'On or Off to enable or disable (default) the whole rewriting engine',
    support: 'supported',
    run(ctx, { flag, loc }) {
      rewriteOf(ctx).engine = { on: flag, loc };
    },
  },
  {
    name: 'RewriteOptions',
    module: MODULE,
    override: FILEINFO,
    args: 'iterate',
    help: 'List of option strings to set',
    support: 'supported',
    run(ctx, { words, loc }) {
      const rw = rewriteOf(ctx);
      const set = new Set(rw.options?.set ?? []);
      for (const w of words) {
        const option = OPTIONS[w.toLowerCase()];
        if (option !== undefined) set.add(option);
        else if (/^maxredirects=/i.test(w))
          ctx.fail(
            'RewriteOptions: MaxRedirects option has been removed in favor of LimitInternalRecursion directive and will be ignored.',
          );
        else if (/^(allowanyuri|mergebase|longurloptimization)$/i.test(w))
          ctx.fail(`RewriteOptions ${w} is not supported by htserve`);
        else ctx.fail(`RewriteOptions: unknown option '${w}'`);
      }
      rw.options = { set, loc };
    },
  },
  {
    name: 'RewriteBase',
    module: MODULE,
    override: FILEINFO,
    args: 'take1',
    help: 'the base URL of the per-directory context',
    support: 'supported',
    run(ctx, { words, loc }) {
      const value = words[0]!;
      if (!value.startsWith('/')) ctx.fail('RewriteBase: argument is not a valid URL');
      rewriteOf(ctx).base = { value, loc };
    },
  },
  {
    name: 'RewriteCond',
    module: MODULE,
    override: FILEINFO,
    args: 'raw',
    help: 'an input string and a to be applied regexp-pattern',
    support: 'supported',
    run(ctx, { raw, loc }) {
      const rw = rewriteOf(ctx);
      const args = splitArgs(raw) ?? ctx.fail(`RewriteCond: bad argument line '${raw}'`);
      const [input, rawPattern, flagField] = args as [string, string, string | undefined];
      const flags = parseCondFlags(flagField) ?? ctx.fail('RewriteCond: bad flag delimiters');
      if (typeof flags === 'string') return ctx.fail(`RewriteCond: ${flags}`);
      const negate = rawPattern.startsWith('!');
      const source = negate ? rawPattern.slice(1) : rawPattern;
      let test: CondTest;
      if (input.toLowerCase() === 'expr') {
        const parsed = parseBooleanExpr(source);
        if (!parsed.ok) return ctx.fail(`RewriteCond: cannot compile expression "${source}": ${parsed.error}`);
        placeExprRegexes(ctx, parsed.value, loc);
        test = { kind: 'expr', expr: parsed.value };
      } else {
        test =
          parseCondTest(source, flags.nocase) ??
          ctx.fail(`RewriteCond: cannot compile regular expression '${rawPattern}'`);
        if (test.kind === 'regex') placeRegex(ctx, test.pattern.regex, loc);
      }
      rw.pending.push({
        input: template(ctx, input),
        test,
        negate,
        ...flags,
        text: `RewriteCond ${raw.trim()}`,
        loc,
      });
    },
  },
  {
    name: 'RewriteRule',
    module: MODULE,
    override: FILEINFO,
    args: 'raw',
    help: 'an URL-applied regexp-pattern and a substitution URL',
    support: 'supported',
    run(ctx, { raw, loc }) {
      const rw = rewriteOf(ctx);
      const args = splitArgs(raw) ?? ctx.fail(`RewriteRule: bad argument line '${raw}'`);
      const [rawPattern, substitution, flagField] = args as [string, string, string | undefined];
      const flags = parseRuleFlags(flagField);
      if (typeof flags === 'string') return ctx.fail(`RewriteRule: ${flags}`);
      const negate = rawPattern.startsWith('!');
      const source = negate ? rawPattern.slice(1) : rawPattern;
      const pattern =
        compilePattern(source, flags.nocase) ?? ctx.fail(`RewriteRule: cannot compile regular expression '${source}'`);
      placeRegex(ctx, pattern.regex, loc);
      const noSub = substitution === '-' || flags.status !== null;
      const { envText, cookieText, typeText, handlerText, ...plain } = flags;
      rw.rules.push({
        pattern,
        negate,
        substitution: noSub ? null : template(ctx, substitution),
        flags: {
          ...plain,
          env: envText.map((e) => {
            const bang = e.startsWith('!');
            const colon = e.indexOf(':');
            if (bang) return { name: template(ctx, e.slice(1)), value: null };
            return colon < 0
              ? { name: template(ctx, e), value: [] }
              : { name: template(ctx, e.slice(0, colon)), value: template(ctx, e.slice(colon + 1)) };
          }),
          cookies: cookieText.map((c) => template(ctx, c)),
          forcedType: typeText === null ? null : template(ctx, typeText),
          forcedHandler: handlerText === null ? null : template(ctx, handlerText),
        },
        conds: rw.pending,
        text: `RewriteRule ${raw.trim()}`,
        loc,
      });
      rw.pending = [];
    },
  },
  serverOnly('RewriteMap', MODULE, 'a mapname and a filename and options'),
];
