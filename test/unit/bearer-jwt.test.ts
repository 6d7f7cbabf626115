// JWT verification of Bearer realms (src/authn/bearer-jwt.ts, with jose): HS256 with a shared
// secret, RS256 and ES256 against a local JWKS, issuer and audience, expiry with clock skew,
// the claims that must be there, scopes, and the refusals that keep a forged token out.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from 'jose';
import { parseJwks, scopesOf, verifyJwt, type JwtKeys } from '../../src/authn/bearer-jwt.js';

const SECRET = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const ISS = 'https://id.example';
const AUD = 'htserve-test';
const now = () => Math.floor(Date.now() / 1000);

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

function sign(alg: string, key: Key | Uint8Array, claims: JWTPayload, kid?: string): Promise<string> {
  const jwt = new SignJWT({ iss: ISS, aud: AUD, sub: 'alice', exp: now() + 300, ...claims });
  return jwt.setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key);
}

describe('verifyJwt', () => {
  let rsa: { privateKey: Key; publicKey: Key };
  let ec: { privateKey: Key; publicKey: Key };
  let stranger: { privateKey: Key; publicKey: Key };
  let keys: JwtKeys;

  before(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    stranger = await generateKeyPair('RS256', { extractable: true });
    const jwks = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec1', alg: 'ES256', use: 'sig' },
      ] as JWK[],
    };
    const parsed = parseJwks(JSON.stringify(jwks));
    assert.ok(parsed.ok);
    keys = { secret: SECRET, jwks: parsed, issuer: ISS, audience: [AUD, 'other'], clockSkewS: 60 };
  });

  const expectValid = async (token: string, k: JwtKeys = keys) => {
    const v = await verifyJwt(token, k);
    assert.equal(v.kind, 'valid', v.kind === 'refused' ? v.reason : '');
    return v;
  };
  const expectRefused = async (token: string, description: string, k: JwtKeys = keys) => {
    const v = await verifyJwt(token, k);
    assert.equal(v.kind === 'refused' && v.description, description, JSON.stringify(v));
  };

  it('HS256, RS256 and ES256 tokens from the configured keys are valid; sub is the user', async () => {
    const v = await expectValid(await sign('HS256', SECRET, { scope: 'reports:read deploy' }));
    assert.equal(v.kind === 'valid' && v.subject, 'alice');
    assert.deepEqual(v.kind === 'valid' && [...v.scopes], ['reports:read', 'deploy']);
    await expectValid(await sign('HS512', SECRET, {}));
    await expectValid(await sign('RS256', rsa.privateKey, {}, 'rsa1'));
    await expectValid(await sign('ES256', ec.privateKey, {}, 'ec1'));
    await expectValid(await sign('ES256', ec.privateKey, { aud: 'other' }, 'ec1'));
  });

  it('expiry honours the clock skew, both ways', async () => {
    await expectValid(await sign('HS256', SECRET, { exp: now() - 30 }));
    await expectRefused(await sign('HS256', SECRET, { exp: now() - 120 }), 'The access token has expired');
    await expectRefused(await sign('HS256', SECRET, { exp: now() - 30 }), 'The access token has expired', {
      ...keys,
      clockSkewS: 0,
    });
    await expectValid(await sign('HS256', SECRET, { nbf: now() + 30 }));
    await expectRefused(await sign('HS256', SECRET, { nbf: now() + 120 }), 'The access token is not valid yet');
  });

  it('issuer and audience are checked when configured', async () => {
    await expectRefused(
      await sign('HS256', SECRET, { iss: 'https://evil.example' }),
      'The access token was issued by another issuer',
    );
    await expectRefused(
      await sign('HS256', SECRET, { aud: 'someone-else' }),
      'The access token is meant for another audience',
    );
    await expectValid(await sign('HS256', SECRET, { aud: 'someone-else', iss: 'x' }), {
      ...keys,
      issuer: null,
      audience: null,
    });
  });

  it('exp and sub are required', async () => {
    const noExp = await new SignJWT({ sub: 'a', iss: ISS, aud: AUD }).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
    await expectRefused(noExp, 'The access token has no expiry time');
    const noSub = await new SignJWT({ iss: ISS, aud: AUD, exp: now() + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(SECRET);
    await expectRefused(noSub, 'The access token names no subject');
  });

  it('forgeries are refused: wrong secret, unknown key, alg none, HS256 keyed with the public key', async () => {
    const wrong = new TextEncoder().encode('another-secret-another-secret-!!');
    await expectRefused(await sign('HS256', wrong, {}), 'The access token signature is not valid');
    await expectRefused(
      await sign('RS256', stranger.privateKey, {}, 'rsa1'),
      'The access token signature is not valid',
    );
    await expectRefused(
      await sign('RS256', stranger.privateKey, {}, 'nope'),
      'The access token is signed by a key this realm does not know',
    );
    const none = new UnsecuredJWT({ iss: ISS, aud: AUD, sub: 'x', exp: now() + 60 }).encode();
    await expectRefused(none, 'The access token is signed with an algorithm this realm does not accept');
    const pem = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
    const confused = await sign('HS256', pem, {});
    await expectRefused(confused, 'The access token is signed with an algorithm this realm does not accept', {
      ...keys,
      secret: null,
    });
    await expectRefused(confused, 'The access token signature is not valid');
    await expectRefused(
      await sign('RS256', rsa.privateKey, {}, 'rsa1'),
      'The access token is signed with an algorithm this realm does not accept',
      {
        ...keys,
        jwks: null,
      },
    );
    await expectRefused('e30.e30.', 'The access token is malformed');
    await expectRefused('not-base64!.x.y', 'The access token is malformed');
  });

  it('scopes come from `scope` (space-separated) and `scp` (string or array)', () => {
    assert.deepEqual([...scopesOf({ scope: 'a  b' })], ['a', 'b']);
    assert.deepEqual([...scopesOf({ scp: ['c', 'd', 3] })], ['c', 'd']);
    assert.deepEqual([...scopesOf({ scope: 'a', scp: 'b' })], ['a', 'b']);
    assert.deepEqual([...scopesOf({})], []);
  });

  it('a JWKS file that is not one says why', () => {
    assert.deepEqual(parseJwks('{"keys": 1}'), { ok: false, error: 'not a JSON Web Key Set (no "keys" array)' });
    const notJson = parseJwks('{');
    assert.ok(!notJson.ok && notJson.error.startsWith('not JSON'));
  });
});
