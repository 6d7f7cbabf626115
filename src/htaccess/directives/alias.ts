// mod_alias in an access file: Redirect, RedirectMatch, RedirectTemp, RedirectPermanent
// (src add_redirect_internal). The first argument may be a status keyword or number; a 3xx
// needs a target URL (absolute, or a path starting with `/`), other statuses take none.
// Quirk kept from Apache: in a directory context, a status and a single URL (or a single URL
// alone) redirect every request of the directory, e.g. `Redirect 301 /new`.

import type { RedirectRule, SourceLoc } from '../types.js';
import { atoi, ignored, isUrl } from './define.js';
import { exprStringError, hasExprInsert } from './expr-string.js';
import { compileSafeRegex, type SafeRegex } from '../../regex/safe-regex.js';
import { compileApacheRegex, placeRegex } from './regex.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

const FILEINFO = ['FileInfo'] as const;

function isRedirectStatus(status: number): boolean {
  return status >= 300 && status <= 399;
}

/**
 * The "whole directory" form is a rule matching every path (an empty regex) and tried before
 * the others, like Apache's per-directory redirect expression. Only one per section.
 */
const MATCH_ALL = compileSafeRegex('');

function wholeSectionRule(status: number, target: string | null, loc: SourceLoc): RedirectRule {
  return { kind: 'regex', pattern: '', regex: MATCH_ALL, status, target, loc };
}

function setWholeSection(ctx: DirectiveContext, rule: RedirectRule): void {
  const redirects = ctx.fragment.fragment.redirects;
  if (redirects[0]?.kind === 'regex' && redirects[0].pattern === '') redirects[0] = rule;
  else redirects.unshift(rule);
}

function addRedirect(
  ctx: DirectiveContext,
  loc: SourceLoc,
  defaultStatus: number,
  useRegex: boolean,
  arg1: string,
  arg2: string | null,
  arg3: string | null,
): void {
  let status = defaultStatus;
  // 1: a redirect status was given; -1: a non-redirect status (gone, 404...); 0: not a status
  let grok: 1 | 0 | -1 = 1;
  const keyword = arg1.toLowerCase();
  if (keyword === 'permanent') status = 301;
  else if (keyword === 'temp') status = 302;
  else if (keyword === 'seeother') status = 303;
  else if (keyword === 'gone') {
    status = 410;
    grok = -1;
  } else if (/^[0-9]/.test(arg1)) {
    status = atoi(arg1);
    if (!isRedirectStatus(status)) grok = -1;
  } else grok = 0;

  if (arg3 !== null && grok === 0) ctx.fail('Redirect: invalid first argument (of three)');

  if ((grok > 0 && arg2 !== null && arg3 === null) || (grok === 0 && arg2 === null)) {
    const url = grok !== 0 ? arg2! : arg1;
    const error = exprStringError(url);
    if (error !== null) ctx.fail(`Cannot parse redirect expression '${url}': ${error}`);
    if (hasExprInsert(url)) ctx.warn('Redirect: %{...} is not expanded by htserve');
    setWholeSection(ctx, wholeSectionRule(status, url, loc));
    return;
  }
  if (grok < 0 && arg2 === null) {
    setWholeSection(ctx, wholeSectionRule(status, null, loc));
    return;
  }

  let pattern = arg2;
  let target = arg3;
  if (arg3 === null && grok === 0) {
    pattern = arg1;
    target = arg2;
  }
  let regex: SafeRegex | null = null;
  if (useRegex) {
    regex = compileApacheRegex(pattern ?? '');
    if (regex === null) ctx.fail('Regular expression could not be compiled.');
    placeRegex(ctx, regex, loc);
  }
  if (isRedirectStatus(status)) {
    if (target === null) ctx.fail('URL to redirect to is missing');
    // RedirectMatch targets may use $1 etc., so only the plain form is checked here.
    if (!useRegex && !isUrl(target) && !target.startsWith('/')) ctx.fail('Redirect to non-URL');
  } else if (target !== null) {
    ctx.fail('Redirect URL not valid for this status');
  }
  ctx.fragment.fragment.redirects.push({
    kind: useRegex ? 'regex' : 'prefix',
    pattern: pattern ?? '',
    regex,
    status,
    target,
    loc,
  });
}

export const aliasDirectives: readonly DirectiveSpec[] = [
  ignored('AliasPreservePath', 'mod_alias', FILEINFO, 'flag', 'Map the full path after the alias in a location'),
  ignored('RedirectRelative', 'mod_alias', FILEINFO, 'flag', 'Allow relative redirect targets'),
  {
    name: 'Redirect',
    module: 'mod_alias',
    override: FILEINFO,
    args: 'take123',
    help: 'an optional status, then document to be redirected and destination URL',
    support: 'supported',
    run(ctx, { words: [a, b, c], loc }) {
      addRedirect(ctx, loc, 302, false, a!, b ?? null, c ?? null);
    },
  },
  {
    name: 'RedirectMatch',
    module: 'mod_alias',
    override: FILEINFO,
    args: 'take23',
    help: 'an optional status, then a regular expression and destination URL',
    support: 'supported',
    run(ctx, { words: [a, b, c], loc }) {
      addRedirect(ctx, loc, 302, true, a!, b!, c ?? null);
    },
  },
  {
    name: 'RedirectTemp',
    module: 'mod_alias',
    override: FILEINFO,
    args: 'take2',
    help: 'a document to be redirected, then the destination URL',
    support: 'supported',
    run(ctx, { words: [a, b], loc }) {
      addRedirect(ctx, loc, 302, false, a!, b!, null);
    },
  },
  {
    name: 'RedirectPermanent',
    module: 'mod_alias',
    override: FILEINFO,
    args: 'take2',
    help: 'a document to be redirected, then the destination URL',
    support: 'supported',
    run(ctx, { words: [a, b], loc }) {
      addRedirect(ctx, loc, 301, false, a!, b!, null);
    },
  },
];
