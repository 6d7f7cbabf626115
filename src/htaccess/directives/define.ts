// Small constructors for directive-table rows, so each module file reads like Apache's
// command_rec array.

import type { ArgShape, DirectiveCall, DirectiveContext, DirectiveSpec, OverrideRule } from './spec.js';

/**
 * A directive Apache accepts that has no effect on a static file server (or on htserve yet):
 * its arguments are still checked, then a warning notes that it is ignored.
 */
export function ignored(
  name: string,
  module: string,
  override: OverrideRule,
  args: ArgShape,
  help: string,
  check?: (ctx: DirectiveContext, call: DirectiveCall) => void,
): DirectiveSpec {
  return {
    name,
    module,
    override,
    args,
    help,
    support: 'ignored',
    run(ctx, call) {
      check?.(ctx, call);
      ctx.warn(`${name} has no effect in htserve; ignored`);
    },
  };
}

/** A server-configuration directive: "X not allowed here" in any access file. */
export function serverOnly(name: string, module: string, help: string): DirectiveSpec {
  return {
    name,
    module,
    override: 'never',
    args: 'raw',
    help,
    support: 'server-only',
    run() {
      // never reached: the AllowOverride check rejects it first
    },
  };
}

/** Valid in Apache, refused by htserve: ignoring it could grant access Apache would refuse. */
export function unsupported(
  name: string,
  module: string,
  override: OverrideRule,
  args: ArgShape,
  help: string,
  message: string,
): DirectiveSpec {
  return {
    name,
    module,
    override,
    args,
    help,
    support: 'unsupported',
    run(ctx) {
      ctx.fail(message);
    },
  };
}

/** Apache's atoi: optional white space and sign, then the leading digits (0 if none). */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(text);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

/** ap_is_url: `scheme:` where the scheme is one or more of [A-Za-z0-9+.-]. */
export function isUrl(text: string): boolean {
  return /^[A-Za-z0-9+.-]+:/.test(text);
}
