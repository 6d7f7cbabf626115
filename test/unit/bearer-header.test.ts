// `Authorization: Bearer <b64token>` (RFC 6750 section 2.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeJwt, MAX_TOKEN_LENGTH, parseBearerAuthorization } from '../../src/authn/bearer-header.js';

test('Bearer header forms', () => {
  const rows: [string | undefined, ReturnType<typeof parseBearerAuthorization>][] = [
    [undefined, { kind: 'none' }],
    ['Bearer hts_abc-_', { kind: 'token', token: 'hts_abc-_' }],
    ['bearer  a.b.c', { kind: 'token', token: 'a.b.c' }],
    ['BEARER a+/b==', { kind: 'token', token: 'a+/b==' }],
    ['Bearer abc  ', { kind: 'token', token: 'abc' }],
    ['Basic Ym9iOmJvYnB3', { kind: 'wrong-scheme' }],
    ['Bearerabc', { kind: 'wrong-scheme' }],
    ['Bearer', { kind: 'malformed' }],
    ['Bearer ', { kind: 'malformed' }],
    ['Bearer a b', { kind: 'malformed' }],
    ['Bearer a=b', { kind: 'malformed' }],
    ['Bearer "abc"', { kind: 'malformed' }],
    [`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`, { kind: 'malformed' }],
  ];
  for (const [header, want] of rows) assert.deepEqual(parseBearerAuthorization(header), want, String(header));
});

test('JWT shape: three base64url parts', () => {
  assert.ok(looksLikeJwt('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-_'));
  assert.ok(looksLikeJwt('a.b.'), 'an empty signature is still the JWS shape (and then refused)');
  assert.ok(!looksLikeJwt('hts_abc'));
  assert.ok(!looksLikeJwt('a.b'));
  assert.ok(!looksLikeJwt('a.b.c.d'));
});
