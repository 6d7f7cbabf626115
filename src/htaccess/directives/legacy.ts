// mod_access_compat: Order, Allow, Deny (AllowOverride Limit) and Satisfy (AuthConfig).
// Apache registers the first three in lower case, so its messages read "order not allowed
// here" and "allow requires at least two arguments, ...".

import { looksLikeIp, parseIpMatcher } from '../../authz/ip-match.js';
import type { HostRule, LegacyOrder, Located, MethodSet, SourceLoc } from '../types.js';
import { toMethodSet } from './methods.js';
import { aprSubnetError } from './require-providers.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

const LIMIT = ['Limit'] as const;
const HOSTS_HELP = "'from' followed by hostnames or IP-address wildcards";

/**
 * Apache keeps Order and Satisfy per method: a line sets the value for the methods its
 * <Limit>/<LimitExcept> covers. An unrestricted line sets every method, so it also drops the
 * per-method values written before it.
 */
function setPerMethod<T>(
  ctx: DirectiveContext,
  value: Located<T>,
  setAll: (v: Located<T>) => void,
  perMethod: () => Map<string, Located<T>>,
): void {
  const methods = toMethodSet(ctx.limited);
  if (methods === null) {
    setAll(value);
    return;
  }
  const map = perMethod();
  for (const m of methods) map.set(m, value);
}

/** allow_cmd: what one word after `from` means. */
function hostRule(ctx: DirectiveContext, keyword: string, where: string, methods: MethodSet, loc: SourceLoc): HostRule {
  const text = `${keyword} from ${where}`;
  const lower = where.toLowerCase();
  if (lower.startsWith('env=!')) return { kind: 'env', name: where.slice(5), negate: true, methods, loc, text };
  if (lower.startsWith('env=')) return { kind: 'env', name: where.slice(4), negate: false, methods, loc, text };
  if (lower === 'all') return { kind: 'all', methods, loc, text };
  if (where.includes('/')) {
    const matcher = parseIpMatcher(where);
    if (matcher === null) ctx.fail(aprSubnetError(where) ?? 'An IP address was expected');
    return { kind: 'ip', matcher, methods, loc, text };
  }
  if (where.includes('#')) ctx.fail('No comments are allowed here');
  if (looksLikeIp(where)) {
    const matcher = parseIpMatcher(where);
    if (matcher === null) ctx.fail(aprSubnetError(where) ?? 'The specified IP address is invalid.');
    return { kind: 'ip', matcher, methods, loc, text };
  }
  return { kind: 'host', name: where, methods, loc, text };
}

function hostDirective(name: 'allow' | 'deny'): DirectiveSpec {
  const keyword = name === 'allow' ? 'Allow' : 'Deny';
  return {
    name,
    module: 'mod_access_compat',
    override: LIMIT,
    args: 'iterate2',
    help: HOSTS_HELP,
    support: 'supported',
    run(ctx, { words: [from, ...hosts], loc }) {
      const legacy = ctx.fragment.legacy(loc);
      const rules = name === 'allow' ? legacy.allow : legacy.deny;
      const methods = toMethodSet(ctx.limited);
      for (const where of hosts) {
        if (from!.toLowerCase() !== 'from') ctx.fail("allow and deny must be followed by 'from'");
        rules.push(hostRule(ctx, keyword, where, methods, loc));
      }
    },
  };
}

const ORDERS = new Map<string, LegacyOrder>([
  ['allow,deny', 'allow,deny'],
  ['deny,allow', 'deny,allow'],
  ['mutual-failure', 'mutual-failure'],
]);

export const legacyDirectives: readonly DirectiveSpec[] = [
  {
    name: 'order',
    module: 'mod_access_compat',
    override: LIMIT,
    args: 'take1',
    help: "'allow,deny', 'deny,allow', or 'mutual-failure'",
    support: 'supported',
    run(ctx, { words: [arg], loc }) {
      const legacy = ctx.fragment.legacy(loc);
      const order = ORDERS.get(arg!.toLowerCase()) ?? ctx.fail('unknown order');
      setPerMethod(
        ctx,
        { value: order, loc },
        (v) => {
          legacy.order = v;
          delete legacy.orderByMethod;
        },
        () => (legacy.orderByMethod ??= new Map()),
      );
    },
  },
  hostDirective('allow'),
  hostDirective('deny'),
  {
    name: 'Satisfy',
    module: 'mod_access_compat',
    override: ['AuthConfig'],
    args: 'take1',
    help: "access policy if both allow and require used ('all' or 'any')",
    support: 'supported',
    run(ctx, { words: [arg], loc }) {
      const legacy = ctx.fragment.legacy(loc);
      const value = arg!.toLowerCase();
      if (value !== 'all' && value !== 'any') return ctx.fail("Satisfy either 'any' or 'all'.");
      setPerMethod<'any' | 'all'>(
        ctx,
        { value, loc },
        (v) => {
          legacy.satisfy = v;
          delete legacy.satisfyByMethod;
        },
        () => (legacy.satisfyByMethod ??= new Map()),
      );
    },
  },
];
