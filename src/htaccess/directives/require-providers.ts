// The argument parsers of the Require providers loaded in the Apache of docs/apache-behaviour.md §0.1
// (mod_authz_core: all, env, method; mod_authz_user: valid-user, user; mod_authz_groupfile:
// group; mod_authz_host: ip, host, local, forward-dns; expr via src/expr), and htserve's own
// `scope` for Bearer realms. Provider names are case-sensitive.

import { looksLikeIp, parseAddressBytes, parseIpMatcher } from '../../authz/ip-match.js';
import { parseBooleanExpr } from '../../expr/parse.js';
import { splitWords } from '../lexer.js';
import type { AuthzProvider, IpMatcher, SourceLoc } from '../types.js';
import { warnHtserveOnly } from './bearer.js';
import { exprStringError, hasExprInsert } from './expr-string.js';
import { methodNumberOf } from './methods.js';
import { placeExprRegexes } from './regex.js';
import type { DirectiveContext } from './spec.js';

type ProviderParser = (ctx: DirectiveContext, args: string) => AuthzProvider;

const PROVIDERS: Record<string, ProviderParser> = {
  all(ctx, args) {
    // The whole rest of the line must be the keyword: `Require all granted # x` is an error.
    const value = args.toLowerCase();
    if (value !== 'granted' && value !== 'denied') {
      ctx.fail("Argument for 'Require all' must be 'granted' or 'denied'");
    }
    return { type: 'all', granted: value === 'granted' };
  },
  'valid-user': () => ({ type: 'valid-user' }),
  user: (ctx, args) => ({ type: 'user', users: splitWords(requireExpr(ctx, args)) }),
  group: (ctx, args) => ({ type: 'group', groups: splitWords(requireExpr(ctx, args)) }),
  ip(ctx, args) {
    const words = splitWords(args);
    if (words.length === 0) ctx.fail("'require ip' requires an argument");
    const matchers: IpMatcher[] = words.map((w) => parseIpMatcher(w) ?? ctx.fail(requireIpError(w)));
    return { type: 'ip', matchers };
  },
  host(ctx, args) {
    const words = splitWords(requireExpr(ctx, args));
    const comment = words.findIndex((w) => w.startsWith('#'));
    if (comment >= 0) ctx.warn(`Require host: text after '#' is ignored: ${words.slice(comment).join(' ')}`);
    return { type: 'host', names: comment >= 0 ? words.slice(0, comment) : words };
  },
  local: () => ({ type: 'local' }),
  'forward-dns': (ctx, args) => ({ type: 'forward-dns', names: splitWords(requireExpr(ctx, args)) }),
  env: (_ctx, args) => ({ type: 'env', names: splitWords(args) }),
  scope(ctx, args) {
    // Granted when the token carries any of the scopes, like `Require group a b` (src/authn/bearer-verify.ts).
    warnHtserveOnly(ctx, 'Require scope');
    const scopes = splitWords(args);
    if (scopes.length === 0) ctx.fail("'Require scope' requires an argument");
    return { type: 'scope', scopes };
  },
  method(ctx, args) {
    const methods: string[] = [];
    for (const w of splitWords(args)) {
      const m = methodNumberOf(w) ?? ctx.fail(`Invalid Method '${w}'`);
      if (!methods.includes(m)) methods.push(m);
    }
    return { type: 'method', methods };
  },
};

/** These providers parse their argument text as an ap_expr string (used here as written). */
function requireExpr(ctx: DirectiveContext, args: string): string {
  const error = exprStringError(args);
  if (error !== null) ctx.fail(`Cannot parse expression in require line: ${error}`);
  if (hasExprInsert(args)) ctx.warn('Require: %{...} is not expanded by htserve');
  return args;
}

/**
 * `Require expr`: the rest of the line is one ap_expr expression; like mod_authz_core, a pair of
 * surrounding double quotes is dropped. Outside htserve's subset it is refused (500), never guessed.
 */
function parseExprProvider(ctx: DirectiveContext, args: string, loc: SourceLoc): AuthzProvider {
  let text = args.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  const parsed = parseBooleanExpr(text);
  if (!parsed.ok) ctx.fail(`Cannot parse expression in require line: ${parsed.error}`);
  placeExprRegexes(ctx, parsed.value, loc);
  return { type: 'expr', expr: parsed.value };
}

export function parseProvider(ctx: DirectiveContext, name: string, args: string, loc: SourceLoc): AuthzProvider {
  if (name === 'expr') return parseExprProvider(ctx, args, loc);
  const parser = Object.hasOwn(PROVIDERS, name) ? PROVIDERS[name] : undefined;
  if (parser === undefined) ctx.fail(`Unknown Authz provider: ${name}`);
  return parser(ctx, args);
}

/** mod_authz_host's messages: EINVAL ("not an address at all") vs APR's own reason. */
function requireIpError(word: string): string {
  const reason = aprSubnetError(word);
  return reason === null
    ? `ip address '${word}' appears to be invalid`
    : `ip address '${word}' appears to be invalid: ${reason}`;
}

/**
 * Why apr_ipsubnet_create rejects `word` (null = it did not look like an address: EINVAL).
 * Only called for words parseIpMatcher refused.
 */
export function aprSubnetError(word: string): string | null {
  const slash = word.indexOf('/');
  const addr = slash < 0 ? word : word.slice(0, slash);
  if (!looksLikeIp(addr)) return null;
  if (slash < 0) return 'The specified IP address is invalid.';
  // With a mask, only a full address is accepted (no `10.1/16` shorthand).
  if (parseAddressBytes(addr) === null || parseIpMatcher(addr) === null) return 'The specified IP address is invalid.';
  return 'The specified network mask is invalid.';
}
