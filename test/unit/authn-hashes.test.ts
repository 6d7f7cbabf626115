// Hash formats of docs/apache-behaviour.md §5.6: detection, verification (right and wrong password)
// and the hashes htserve itself writes. Hashes are generated with Apache's real `htpasswd` when it
// is installed (apt-get install apache2-utils); fixed vectors made by htpasswd, OpenSSL and glibc
// crypt(3) keep the suite meaningful without it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  detectHashFormat,
  hashPassword,
  isVerifiableFormat,
  verifyHash,
  type HashFormat,
} from '../../src/authn/hash-formats.js';
import { NO_HTPASSWD } from '../helpers/binaries.js';

/** `htpasswd -nb<flags> u <password>` → the hash part. */
function realHtpasswd(flags: string, password: string, extra: string[] = []): string {
  const run = spawnSync('htpasswd', [`-nb${flags}`, ...extra, 'u', password], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const line = run.stdout.split('\n')[0] ?? '';
  assert.ok(line.startsWith('u:'), line);
  return line.slice(2);
}

const UNICODE_PW = 'pässwörd€';

// [description, stored hash, format, right password]
const VECTORS: Array<[string, string, HashFormat, string]> = [
  ['htpasswd -B', '$2y$05$uwzwUIwNCqgi7p7KbmqIUuD4rzL7DW3kQ.ZoHqG0SiRroOGgBKdUe', 'bcrypt', 'bobpw'],
  ['htpasswd -B, UTF-8 password', '$2y$05$psv04wacsyQzgzj1rSOlrOrzfBUjlXyz5sTvE32/4J/jEh0l5Ct9i', 'bcrypt', UNICODE_PW],
  ['glibc $2a$', '$2a$04$abcdefghijklmnopqrstuumhldnfl7Dfxv8U72JqZ5szeAopcDkB6', 'bcrypt', 'bobpw'],
  ['glibc $2b$', '$2b$04$abcdefghijklmnopqrstuumhldnfl7Dfxv8U72JqZ5szeAopcDkB6', 'bcrypt', 'bobpw'],
  ['same digest under $2y$', '$2y$04$abcdefghijklmnopqrstuumhldnfl7Dfxv8U72JqZ5szeAopcDkB6', 'bcrypt', 'bobpw'],
  ['glibc $2b$, UTF-8 password', '$2b$04$ABCDEFGHIJKLMNOPQRSTUuwr5y64FemOk59./z4yiy8kMLic3A3q.', 'bcrypt', UNICODE_PW],
  ['htpasswd -m', '$apr1$QjfCF902$STe7rktVv4uFFUHXT.MeU1', 'apr1', 'bobpw'],
  ['htpasswd -m, UTF-8 password', '$apr1$wZDUaeb4$G4tSKm2KWO0wnawUaqvTY0', 'apr1', UNICODE_PW],
  ['htpasswd -s', '{SHA}KXV5lfOmXj1HOy0eE1tRGdIyUHw=', 'sha1', 'bobpw'],
  ['htpasswd -s, UTF-8 password', '{SHA}WftlVS2jnC7Vz30QrXptSZ4eRyo=', 'sha1', UNICODE_PW],
  ['htpasswd -d', 'v3xI2/ooEnXWE', 'des', 'carlpw'],
  ['htpasswd -d of an 11-char password', 'VSQEEWvk9pSlw', 'des', 'abcdefghXYZ'],
  ['openssl passwd -1', '$1$xy$FnquSyPw/EIet/RgM8SJN0', 'md5crypt', 'bobpw'],
  ['openssl passwd -1, UTF-8 password', '$1$saltsalt$5IcLPxa8BhI7obA7Ueerw1', 'md5crypt', UNICODE_PW],
  ['htpasswd -2', '$5$2h9ziCLXk2l2RiBZ$zxKSSvrrnfXlUO9pYKOkFYtz9dCadS9JazzqmNlBZu8', 'sha256crypt', 'bobpw'],
  [
    'htpasswd -2, UTF-8 password',
    '$5$DO122fFVL4sZ61Vb$Hww.Kjf/0sAbaouHZeLhIPgx6n2mFufXZiUL3WKqSOC',
    'sha256crypt',
    UNICODE_PW,
  ],
  [
    'htpasswd -5',
    '$6$3u37lKnItm3LZq8X$MK49XQY/8DX3ICIGzQt9pKfikZbSo/pvMkDm0acAoqPrNBRkDfLTmSSJ4RzUmE4spS1qB7ZloMXuht/PMX2go1',
    'sha512crypt',
    'bobpw',
  ],
  [
    'htpasswd -5, UTF-8 password',
    '$6$QN.glLMzBsXb9Yk8$s/Bkada0rUIIm1SQVY3NkLfa/GRHJnX0bFPaFyARLMu.5fcVVy25knjkqwUweKjOgltBPMsPcVSk5ovadtL00/',
    'sha512crypt',
    UNICODE_PW,
  ],
  [
    'glibc $6$ with explicit rounds',
    '$6$rounds=1000$saltsaltsaltsalt$ev2hKaiDbIQTUVV.MJFb5FLhlbzN7usq3m.0cHFGiMo84W8PlAFniarywyfI8LhiLFnfWUC70..7bKs2dLWM41',
    'sha512crypt',
    'bobpw',
  ],
];

for (const [name, hash, format, password] of VECTORS) {
  test(`fixed vector (${name}): detected as ${format}, right password matches, wrong ones do not`, async () => {
    assert.equal(detectHashFormat(hash), format);
    assert.equal(isVerifiableFormat(format), true);
    assert.equal(await verifyHash(password, hash), true);
    // DES ignores everything after the 8th character.
    const desTail = (length: number): boolean => format === 'des' && length >= 8;
    assert.equal(await verifyHash(password.slice(0, -1), hash), desTail(password.length - 1));
    assert.equal(await verifyHash(password + '!', hash), desTail(password.length));
    assert.equal(await verifyHash(password.toUpperCase(), hash), false);
    assert.equal(await verifyHash('', hash), false);
  });
}

test('DES crypt: only the first 8 characters of the password count', async () => {
  const hash = 'VSQEEWvk9pSlw'; // htpasswd -d of "abcdefghXYZ"
  for (const password of ['abcdefgh', 'abcdefghXYZ', 'abcdefghQQQ'])
    assert.equal(await verifyHash(password, hash), true, password);
  assert.equal(await verifyHash('abcdefg', hash), false);
  assert.equal(await verifyHash('abcdefgX', hash), false);
});

test('bcrypt: the password is truncated at 72 bytes', async () => {
  const hash = '$2b$04$abcdefghijklmnopqrstuuBzzIgyKkz7xMWYSzkIjUSnxEQFQ0WNe'; // glibc crypt of 'a' * 80
  assert.equal(await verifyHash('a'.repeat(72), hash), true);
  assert.equal(await verifyHash('a'.repeat(100), hash), true);
  assert.equal(await verifyHash('a'.repeat(71), hash), false);
});

const NEVER: Array<[string, string, HashFormat]> = [
  ['plain text (Unix Apache never accepts it)', 'petepw', 'plaintext'],
  ['empty hash', '', 'empty'],
  ['lower-case {sha} prefix (case-sensitive)', '{sha}KXV5lfOmXj1HOy0eE1tRGdIyUHw=', 'unknown'],
  ['{SHA} with a broken digest', '{SHA}KXV5lfOmXj1HOy0eE1tRGdIy', 'unknown'],
  ['truncated bcrypt', '$2y$05$uwzwUIwNCqgi7p7KbmqIUuD4rzL7DW3kQ.ZoHqG0SiRroOG', 'unknown'],
  ['bcrypt cost out of range', '$2y$03$uwzwUIwNCqgi7p7KbmqIUuD4rzL7DW3kQ.ZoHqG0SiRroOGgBKdUe', 'unknown'],
  ['$2x$ bcrypt variant', '$2x$05$uwzwUIwNCqgi7p7KbmqIUuD4rzL7DW3kQ.ZoHqG0SiRroOGgBKdUe', 'unknown'],
  ['yescrypt (not supported)', '$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7', 'unknown'],
  ['apr1 with a truncated digest', '$apr1$QjfCF902$STe7rktVv4uFFU', 'unknown'],
  ['12-char string (not DES)', 'v3xI2/ooEnXW', 'plaintext'],
  ['13 chars outside the crypt alphabet', 'v3xI2/ooEnXW!', 'plaintext'],
];

for (const [name, hash, format] of NEVER) {
  test(`never matches: ${name}`, async () => {
    assert.equal(detectHashFormat(hash), format);
    assert.equal(isVerifiableFormat(format), false);
    assert.equal(await verifyHash(hash, hash), false, 'the stored text itself is not a password');
    assert.equal(await verifyHash('bobpw', hash), false);
    assert.equal(await verifyHash('', hash), false);
  });
}

test('hashPassword writes what htpasswd writes, and verifies', async () => {
  const bcryptHash = await hashPassword(UNICODE_PW, 'bcrypt', { cost: 4 });
  assert.match(bcryptHash, /^\$2y\$04\$[./A-Za-z0-9]{53}$/);
  const defaultCost = await hashPassword('pw', 'bcrypt');
  assert.match(defaultCost, /^\$2y\$10\$/);
  const apr1 = await hashPassword(UNICODE_PW, 'apr1');
  assert.match(apr1, /^\$apr1\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{22}$/);
  assert.notEqual(await hashPassword(UNICODE_PW, 'apr1'), apr1, 'a fresh random salt each time');
  const sha = await hashPassword('bobpw', 'sha1');
  assert.equal(sha, '{SHA}KXV5lfOmXj1HOy0eE1tRGdIyUHw=');
  for (const hash of [bcryptHash, apr1]) {
    assert.equal(await verifyHash(UNICODE_PW, hash), true);
    assert.equal(await verifyHash('pässwörd', hash), false);
  }
  await assert.rejects(hashPassword('pw', 'bcrypt', { cost: 3 }), RangeError);
  await assert.rejects(hashPassword('pw', 'bcrypt', { cost: 32 }), RangeError);
});

// ---------------------------------------------------------------- against the real htpasswd

const REAL: Array<[string, string, HashFormat, string[]?]> = [
  ['B', 'bcrypt $2y$', 'bcrypt', ['-C', '4']],
  ['m', 'apr1', 'apr1'],
  ['s', '{SHA}', 'sha1'],
  ['d', 'DES crypt', 'des'],
  ['2', 'SHA-256 crypt', 'sha256crypt'],
  ['5', 'SHA-512 crypt', 'sha512crypt'],
];

for (const [flag, label, format, extra] of REAL) {
  test(`real htpasswd -${flag} (${label}): verified, wrong passwords refused`, { skip: NO_HTPASSWD }, async () => {
    for (const password of ['bobpw', UNICODE_PW, 'with space:colon', '']) {
      const hash = realHtpasswd(flag, password, extra);
      assert.equal(detectHashFormat(hash), format, hash);
      assert.equal(await verifyHash(password, hash), true, `${password} vs ${hash}`);
      assert.equal(
        await verifyHash(password + 'x', hash),
        format === 'des' && password.length >= 8,
        `${password}x vs ${hash}`,
      );
      assert.equal(await verifyHash('wrong', hash), false);
    }
  });
}

test('real htpasswd -d: an 11-char password counts only up to 8 chars', { skip: NO_HTPASSWD }, async () => {
  const hash = realHtpasswd('d', 'abcdefghXYZ');
  assert.equal(await verifyHash('abcdefgh', hash), true);
  assert.equal(await verifyHash('abcdefghQQQ', hash), true);
  assert.equal(await verifyHash('abcdefgX', hash), false);
});

test('real htpasswd -p (plain text) never matches', { skip: NO_HTPASSWD }, async () => {
  const stored = realHtpasswd('p', 'petepw');
  assert.equal(stored, 'petepw');
  assert.equal(detectHashFormat(stored), 'plaintext');
  assert.equal(await verifyHash('petepw', stored), false);
});

test('real htpasswd -s: the same digest with a lower-case {sha} prefix is refused', { skip: NO_HTPASSWD }, async () => {
  const hash = realHtpasswd('s', 'sampw');
  assert.equal(await verifyHash('sampw', hash), true);
  assert.equal(await verifyHash('sampw', hash.replace('{SHA}', '{sha}')), false);
});

test('real htpasswd -B: the same digest verifies under $2a$, $2b$ and $2y$', { skip: NO_HTPASSWD }, async () => {
  const hash = realHtpasswd('B', 'bobpw', ['-C', '4']);
  for (const prefix of ['$2a$', '$2b$', '$2y$']) {
    assert.equal(await verifyHash('bobpw', prefix + hash.slice(4)), true, prefix);
    assert.equal(await verifyHash('bobpW', prefix + hash.slice(4)), false, prefix);
  }
});

test('hashes written by htserve are accepted by the real htpasswd -v', { skip: NO_HTPASSWD }, async (t) => {
  const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const join = path.join.bind(path);
  const dir = await mkdtemp(join(tmpdir(), 'htserve-hashes-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const format of ['bcrypt', 'apr1', 'sha1'] as const) {
    const file = join(dir, `${format}.htpasswd`);
    await writeFile(file, `u:${await hashPassword(UNICODE_PW, format, { cost: 4 })}\n`);
    assert.equal(spawnSync('htpasswd', ['-vb', file, 'u', UNICODE_PW]).status, 0, format);
    assert.equal(spawnSync('htpasswd', ['-vb', file, 'u', 'nope']).status, 3, format);
  }
});
