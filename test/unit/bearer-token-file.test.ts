// The token file of `htserve token` (src/authn/token-file.ts): its format read and written back,
// lines it cannot use reported with their line, and what a presented token stands for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  findToken,
  formatTokenEntry,
  isScopeName,
  isTokenName,
  newToken,
  parseTokenFile,
  tokenDigest,
} from '../../src/authn/token-file.js';

const FILE = '/srv/conf/tokens';
const NOW = Date.parse('2026-12-02T12:00:00Z');

describe('token file', () => {
  const live = newToken();
  const revoked = newToken();
  const expired = newToken();
  const text = [
    '# comment',
    '',
    formatTokenEntry({
      name: 'ci',
      digest: tokenDigest(live),
      created: new Date('2026-11-01T00:00:00Z'),
      expires: new Date('2027-01-01T00:00:00Z'),
      revoked: null,
      scopes: ['reports:read', 'deploy'],
    }),
    formatTokenEntry({
      name: 'old',
      digest: tokenDigest(revoked),
      created: null,
      expires: null,
      revoked: new Date(NOW),
      scopes: [],
    }),
    formatTokenEntry({
      name: 'gone',
      digest: tokenDigest(expired),
      created: null,
      expires: new Date(NOW - 1000),
      revoked: null,
      scopes: [],
    }),
    'broken',
    'x sha256:short',
    `y sha256:${tokenDigest('q').toString('base64url')} colour=blue`,
    `z sha256:${tokenDigest('r').toString('base64url')} expires=tomorrow`,
  ].join('\n');
  const parsed = parseTokenFile(text, FILE);

  it('new tokens carry the prefix and 256 random bits; the file keeps only their SHA-256', () => {
    assert.match(live, /^hts_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(live, newToken());
    assert.ok(!text.includes(live) && !text.includes(live.slice(4)), 'the token is not in the file');
    assert.match(
      text,
      /^ci sha256:[A-Za-z0-9_-]{43} created=2026-11-01T00:00:00Z expires=2027-01-01T00:00:00Z scope=reports:read scope=deploy$/m,
    );
  });

  it('reads entries back as written, and reports what it skips', () => {
    assert.deepEqual(
      parsed.entries.map((e) => [e.name, e.line, e.scopes]),
      [
        ['ci', 3, ['reports:read', 'deploy']],
        ['old', 4, []],
        ['gone', 5, []],
      ],
    );
    assert.deepEqual(
      parsed.problems.map((p) => `${p.line}: ${p.message}`),
      [
        '6: token "broken": no sha256: digest: line ignored',
        '7: token "x": the digest is not 32 bytes: line ignored',
        '8: token "y": unknown field "colour=blue": line ignored',
        '9: token "z": expires is not an ISO 8601 UTC time: line ignored',
      ],
    );
  });

  it('finds a token: valid, revoked, expired or unknown', () => {
    const v = findToken(parsed, live, NOW);
    assert.equal(v.kind, 'valid');
    assert.equal(v.kind === 'valid' && v.entry.name, 'ci');
    assert.equal(findToken(parsed, revoked, NOW).kind, 'revoked');
    assert.equal(findToken(parsed, expired, NOW).kind, 'expired');
    assert.equal(findToken(parsed, newToken(), NOW).kind, 'unknown');
    assert.equal(findToken(parsed, live.slice(0, -1), NOW).kind, 'unknown', 'one character short');
    assert.equal(findToken(parsed, live, Date.parse('2027-01-01T00:00:00Z')).kind, 'expired', 'expiry is exclusive');
  });

  it('a second line with the same digest is reported, the first one wins', () => {
    const line = formatTokenEntry({
      name: 'a',
      digest: tokenDigest(live),
      created: null,
      expires: null,
      revoked: null,
      scopes: [],
    });
    const twice = parseTokenFile(`${line}\n${line.replace(/^a/, 'b')}\n`, FILE);
    assert.deepEqual(
      twice.problems.map((p) => p.line),
      [2],
    );
    assert.equal(findToken(twice, live, NOW).kind === 'valid' && twice.entries[0]!.name, 'a');
  });

  it('names and scopes the file format can carry', () => {
    for (const ok of ['ci', 'ci-deploy.2', 'Zoë']) assert.ok(isTokenName(ok), ok);
    for (const bad of ['', 'a b', '#x', 'a=b', 'tab\t']) assert.ok(!isTokenName(bad), JSON.stringify(bad));
    for (const ok of ['read', 'reports:read', 'https://x/y', 'a,b']) assert.ok(isScopeName(ok), ok);
    for (const bad of ['', 'a b', 'say"hi', 'back\\slash', 'é']) assert.ok(!isScopeName(bad), JSON.stringify(bad));
  });
});
