// Bearer token realms, an htserve extension (README "Bearer token realms"): where tokens are
// checked (a token file of `htserve token`, a JWKS file, a shared secret) and which JWTs are
// accepted. Apache has no such directives, so every use is a lint warning: the same file on
// Apache would be a 500. All need AuthConfig, like the other authentication directives.
import type { BearerSettings } from '../types.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

const AUTH = ['AuthConfig'] as const;

/** HS256 keys shorter than the hash output are weak (RFC 7518 section 3.2 asks for at least 256 bits). */
export const MIN_SECRET_BYTES = 32;
export const MAX_CLOCK_SKEW_S = 3600;

/** What lint says for every htserve-only directive or provider. */
export function warnHtserveOnly(ctx: DirectiveContext, what: string): void {
  ctx.warn(`${what} is an htserve extension: Apache does not know it and would answer 500 for this file`);
}

function bearerOf(ctx: DirectiveContext): BearerSettings {
  const frag = ctx.fragment.fragment;
  return (frag.bearer ??= {});
}

function directive(name: string, args: 'take1' | 'iterate', help: string, run: DirectiveSpec['run']): DirectiveSpec {
  return {
    name,
    module: 'htserve',
    override: AUTH,
    args,
    help,
    support: 'htserve-only',
    run(ctx, call) {
      warnHtserveOnly(ctx, name);
      run(ctx, call);
    },
  };
}

export const bearerDirectives: readonly DirectiveSpec[] = [
  directive(
    'AuthBearerTokenFile',
    'take1',
    'file of opaque Bearer tokens (stored hashed), managed by htserve token',
    (ctx, c) => {
      // Kept as written: resolved against the server root, like AuthUserFile.
      bearerOf(ctx).tokenFile = { value: c.words[0]!, loc: c.loc };
    },
  ),
  directive('AuthBearerJWKS', 'take1', 'JSON Web Key Set file whose public keys verify JWTs', (ctx, c) => {
    bearerOf(ctx).jwks = { value: c.words[0]!, loc: c.loc };
  }),
  directive('AuthBearerSecret', 'take1', 'shared secret that verifies HS256/HS384/HS512 JWTs', (ctx, c) => {
    const secret = c.words[0]!;
    if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
      ctx.fail(`AuthBearerSecret must be at least ${MIN_SECRET_BYTES} bytes long`);
    }
    bearerOf(ctx).secret = { value: secret, loc: c.loc };
  }),
  directive('AuthBearerIssuer', 'take1', 'the iss claim a JWT must carry', (ctx, c) => {
    bearerOf(ctx).issuer = { value: c.words[0]!, loc: c.loc };
  }),
  directive('AuthBearerAudience', 'iterate', 'aud values of which a JWT must carry one', (ctx, c) => {
    bearerOf(ctx).audience = { value: [...c.words], loc: c.loc };
  }),
  directive(
    'AuthBearerClockSkew',
    'take1',
    'seconds of clock difference allowed for exp and nbf (default 60)',
    (ctx, c) => {
      const text = c.words[0]!;
      const seconds = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
      if (!(seconds <= MAX_CLOCK_SKEW_S)) ctx.fail(`AuthBearerClockSkew takes 0 to ${MAX_CLOCK_SKEW_S} seconds`);
      bearerOf(ctx).clockSkew = { value: seconds, loc: c.loc };
    },
  ),
];
