// JWT verification for Bearer realms, with `jose` (WebCrypto: asynchronous, fine on the event
// loop). Keys are local only — a JWKS file (public-key algorithms) or a shared secret (HMAC) —
// and each key kind accepts only its own algorithms, so an HS256 token "signed" with a public key
// (algorithm confusion) and unsecured `alg: none` tokens are refused. `exp` and `sub` are
// required: a JWT that never expires is better served by a revocable opaque token.
// jose is loaded on the first JWT or JWKS actually used: it adds ~9 MiB to every process, and
// most sites have no JWT realm.
import type { createLocalJWKSet, JSONWebKeySet, JWTPayload } from 'jose';

type Jose = typeof import('jose');
let jose: Promise<Jose> | undefined;
const loadJose = (): Promise<Jose> => (jose ??= import('jose'));

export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
export const PUBLIC_KEY_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

export const DEFAULT_CLOCK_SKEW_S = 60;

/** A JWKS file, parsed once per version (src/authn/file-cache.ts). */
export type ParsedJwks =
  | { ok: true; json: JSONWebKeySet; count: number; keySet?: ReturnType<typeof createLocalJWKSet> }
  | { ok: false; error: string };

const isObject = (k: unknown): boolean => typeof k === 'object' && k !== null && !Array.isArray(k);

export function parseJwks(text: string): ParsedJwks {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON (${(e as Error).message})` };
  }
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return { ok: false, error: 'not a JSON Web Key Set (no "keys" array)' };
  // What jose's createLocalJWKSet checks before it accepts a set (its keys are imported on use).
  if (!keys.every(isObject)) return { ok: false, error: 'JSON Web Key Set malformed' };
  return { ok: true, json: json as JSONWebKeySet, count: keys.length };
}

export interface JwtKeys {
  /** The shared secret's bytes, when AuthBearerSecret is set. */
  secret: Uint8Array | null;
  jwks: ParsedJwks | null;
  issuer: string | null;
  audience: readonly string[] | null;
  clockSkewS: number;
}

/** Why a token is refused, in words a client may see (RFC 6750 error_description: no `"` or `\`). */
export type JwtVerdict =
  | { kind: 'valid'; subject: string; scopes: ReadonlySet<string> }
  | { kind: 'refused'; reason: string; description: string };

const refused = (reason: string, description: string): JwtVerdict => ({ kind: 'refused', reason, description });

export async function verifyJwt(token: string, keys: JwtKeys): Promise<JwtVerdict> {
  const { createLocalJWKSet, decodeProtectedHeader, jwtVerify } = await loadJose();
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    return refused('malformed JWT header', 'The access token is malformed');
  }
  const hmac = typeof alg === 'string' && HMAC_ALGORITHMS.includes(alg);
  const options = {
    algorithms: hmac ? HMAC_ALGORITHMS : PUBLIC_KEY_ALGORITHMS,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: keys.clockSkewS,
    ...(keys.issuer !== null ? { issuer: keys.issuer } : {}),
    ...(keys.audience !== null ? { audience: [...keys.audience] } : {}),
  };
  try {
    let payload: JWTPayload;
    if (hmac) {
      if (!keys.secret)
        return refused(
          `${String(alg)} without AuthBearerSecret`,
          'The access token is signed with an algorithm this realm does not accept',
        );
      payload = (await jwtVerify(token, keys.secret, options)).payload;
    } else {
      if (!keys.jwks?.ok)
        return refused(
          `${String(alg)} without AuthBearerJWKS`,
          'The access token is signed with an algorithm this realm does not accept',
        );
      const jwks = keys.jwks;
      jwks.keySet ??= createLocalJWKSet(jwks.json);
      payload = (await jwtVerify(token, jwks.keySet, options)).payload;
    }
    if (typeof payload.sub !== 'string' || payload.sub === '')
      return refused('empty sub', 'The access token names no subject');
    return { kind: 'valid', subject: payload.sub, scopes: scopesOf(payload) };
  } catch (e) {
    return describeFailure(e);
  }
}

/** OAuth's `scope` (a space-separated string, RFC 8693/9068) and the common `scp` (string or array). */
export function scopesOf(payload: JWTPayload): ReadonlySet<string> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    const words: unknown[] = typeof v === 'string' ? v.split(' ') : Array.isArray(v) ? v : [];
    for (const s of words) if (typeof s === 'string' && s !== '') out.add(s);
  };
  add(payload.scope);
  add(payload.scp);
  return out;
}

function describeFailure(e: unknown): JwtVerdict {
  const err = e as { code?: string; claim?: string; reason?: string; message?: string };
  switch (err.code) {
    case 'ERR_JWT_EXPIRED':
      return refused('expired', 'The access token has expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (err.reason === 'missing' && err.claim === 'exp')
        return refused('no exp claim', 'The access token has no expiry time');
      if (err.reason === 'missing' && err.claim === 'sub')
        return refused('no sub claim', 'The access token names no subject');
      if (err.claim === 'nbf') return refused('not valid yet (nbf)', 'The access token is not valid yet');
      if (err.claim === 'iss') return refused('wrong issuer', 'The access token was issued by another issuer');
      if (err.claim === 'aud') return refused('wrong audience', 'The access token is meant for another audience');
      return refused(`claim ${err.claim ?? '?'}: ${err.reason ?? '?'}`, 'The access token has invalid claims');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return refused('bad signature', 'The access token signature is not valid');
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return refused('no matching key in the JWKS', 'The access token is signed by a key this realm does not know');
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return refused('several JWKS keys match (no kid)', 'The access token does not say which key signed it');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return refused(
        'algorithm not accepted',
        'The access token is signed with an algorithm this realm does not accept',
      );
    default:
      // JWSInvalid, JWTInvalid and anything unexpected: refused, never granted.
      return refused(`invalid JWT (${err.code ?? 'error'})`, 'The access token is malformed');
  }
}
