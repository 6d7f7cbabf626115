// Authentication settings: mod_authn_core (AuthType, AuthName), mod_authn_file (AuthUserFile),
// mod_authz_groupfile (AuthGroupFile), mod_auth_basic (AuthBasic*). All need AuthConfig.

import { warnHtserveOnly } from './bearer.js';
import { ignored } from './define.js';
import { parseStringExpr } from '../../expr/parse.js';
import { exprStringError } from './expr-string.js';
import type { DirectiveSpec } from './spec.js';

const AUTH = ['AuthConfig'] as const;

export const authDirectives: readonly DirectiveSpec[] = [
  {
    name: 'AuthType',
    module: 'mod_authn_core',
    override: AUTH,
    args: 'take1',
    help: 'an HTTP authorization type (e.g., "Basic")',
    support: 'supported',
    run(ctx, { words: [type], loc }) {
      // Apache accepts any type here; only Basic (and htserve's Bearer) can authenticate
      // (anything else is a 500 when a user is needed), and None switches authentication off.
      const lower = type!.toLowerCase();
      const value = lower === 'basic' ? 'Basic' : lower === 'none' ? 'None' : lower === 'bearer' ? 'Bearer' : type!;
      ctx.fragment.fragment.authType = { value, loc };
      if (value === 'Bearer') warnHtserveOnly(ctx, 'AuthType Bearer');
      else if (value !== 'Basic' && value !== 'None') {
        ctx.warn(`AuthType ${type} is not supported (only Basic and Bearer): requests that need a user will get 500`);
      }
    },
  },
  {
    name: 'AuthName',
    module: 'mod_authn_core',
    override: AUTH,
    args: 'take1',
    help: 'the authentication realm (e.g. "Members Only")',
    support: 'supported',
    run(ctx, { words: [realm], loc }) {
      // Apache only notices at request time (AH02430, 500); a realm with a control character
      // can never be sent in a WWW-Authenticate header, so it is refused up front.
      if (/[\x00-\x1f\x7f]/.test(realm!)) ctx.fail('AuthName contains invalid characters');
      const error = exprStringError(realm!);
      if (error !== null) ctx.fail(`Cannot parse expression '${realm}' in AuthName: ${error}`);
      const expansion = parseStringExpr(realm!);
      if (!expansion.ok) ctx.warn(`AuthName: ${expansion.error}; the realm is sent as written`);
      ctx.fragment.fragment.authName = { value: realm!, loc };
    },
  },
  {
    name: 'AuthUserFile',
    module: 'mod_authn_file',
    override: AUTH,
    args: 'take1',
    help: 'text file containing user IDs and passwords',
    support: 'supported',
    run(ctx, { words: [file], loc }) {
      // Kept as written: a relative path is resolved by the caller against the server root.
      ctx.fragment.fragment.authUserFile = { value: file!, loc };
    },
  },
  {
    name: 'AuthGroupFile',
    module: 'mod_authz_groupfile',
    override: AUTH,
    args: 'take1',
    help: 'text file containing group names and member user IDs',
    support: 'supported',
    run(ctx, { words: [file], loc }) {
      ctx.fragment.fragment.authGroupFile = { value: file!, loc };
    },
  },
  {
    name: 'AuthBasicProvider',
    module: 'mod_auth_basic',
    override: AUTH,
    args: 'iterate',
    help: 'specify the auth providers for a directory or location',
    support: 'supported',
    run(ctx, { words, loc }) {
      const frag = ctx.fragment.fragment;
      const providers = frag.authBasicProvider ? [...frag.authBasicProvider.value] : [];
      for (const provider of words) {
        // Provider names are case-sensitive; mod_authn_file's "file" is the only one loaded.
        if (provider !== 'file') ctx.fail(`Unknown Authn provider: ${provider}`);
        providers.push(provider);
      }
      frag.authBasicProvider = { value: providers, loc };
    },
  },
  {
    name: 'AuthBasicAuthoritative',
    module: 'mod_auth_basic',
    override: AUTH,
    args: 'flag',
    help: "Set to 'Off' to allow access control to be passed along to lower modules if the UserID is not known to this module",
    support: 'supported',
    run() {
      // With a single provider there is nothing to fall through to: no effect, like Apache.
    },
  },
  ignored(
    'AuthBasicFake',
    'mod_auth_basic',
    AUTH,
    'take12',
    "Fake basic authentication using the given expressions for username and password, 'off' to disable. " +
      "Password defaults to 'password' if missing.",
    (ctx, { words: [user, password] }) => {
      if (user!.toLowerCase() === 'off') return;
      for (const [what, text] of [
        ['username', user!],
        ['password', password],
      ] as const) {
        const error = text === undefined ? null : exprStringError(text);
        if (error !== null) ctx.fail(`Could not parse fake ${what} expression '${text}': ${error}`);
      }
    },
  ),
  ignored(
    'AuthBasicUseDigestAlgorithm',
    'mod_auth_basic',
    AUTH,
    'take1',
    "Set to 'MD5' to use the auth provider's authentication check for digest auth, using a hash of 'user:realm:pass'",
  ),
  ignored(
    'CGIPassAuth',
    'core',
    AUTH,
    'flag',
    'Controls whether HTTP authorization headers, normally hidden, will be passed to scripts',
  ),
];
