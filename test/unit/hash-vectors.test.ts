// The committed hash vectors of test/fixtures/hash-vectors.ts (made by Apache's htpasswd and by
// openssl passwd): well formed, verified by htserve, and, where the tools are installed, still
// accepted by `htpasswd -v` and reproduced by `openssl passwd -salt`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectHashFormat, verifyHash, type HashFormat } from '../../src/authn/hash-formats.js';
import { HTPASSWD_VECTORS, OPENSSL_VECTORS, type HtpasswdFormat, type OpensslKind } from '../fixtures/hash-vectors.js';
import { NO_HTPASSWD, skipWithout } from '../helpers/binaries.js';
import { htpasswdLine, opensslHash } from '../helpers/engine.js';

const NO_OPENSSL = skipWithout('openssl', "this test runs openssl's own passwd");

const HTPASSWD_SHAPE: Record<HtpasswdFormat, [HashFormat, RegExp]> = {
  B: ['bcrypt', /^\$2y\$05\$[./A-Za-z0-9]{53}$/],
  m: ['apr1', /^\$apr1\$[./A-Za-z0-9]{8}\$[./A-Za-z0-9]{22}$/],
  s: ['sha1', /^\{SHA\}[A-Za-z0-9+/]{27}=$/],
  d: ['des', /^[./A-Za-z0-9]{13}$/],
};

const OPENSSL_SHAPE: Record<OpensslKind, [HashFormat, RegExp]> = {
  '1': ['md5crypt', /^\$1\$([./A-Za-z0-9]{8})\$[./A-Za-z0-9]{22}$/],
  '5': ['sha256crypt', /^\$5\$([./A-Za-z0-9]{16})\$[./A-Za-z0-9]{43}$/],
  '6': ['sha512crypt', /^\$6\$([./A-Za-z0-9]{16})\$[./A-Za-z0-9]{86}$/],
};

test('htpasswd vectors: one per format, user and password; `user:hash` of the right shape; verified by htserve', async () => {
  const keys = new Set<string>();
  for (const v of HTPASSWD_VECTORS) {
    const what = `-${v.format} ${JSON.stringify(v.user)} ${JSON.stringify(v.password)}`;
    const key = JSON.stringify([v.format, v.user, v.password]);
    assert.ok(!keys.has(key), `${what}: listed twice`);
    keys.add(key);
    assert.ok(v.line.startsWith(`${v.user}:`), `${what}: ${v.line}`);
    const hash = v.line.slice(v.user.length + 1);
    const [format, shape] = HTPASSWD_SHAPE[v.format];
    assert.match(hash, shape, what);
    assert.equal(detectHashFormat(hash), format, what);
    assert.equal(await verifyHash(v.password, hash), true, `${what}: right password`);
    assert.equal(await verifyHash(`wrong-${v.password}`, hash), false, `${what}: wrong password`);
    assert.equal(htpasswdLine(v.format, v.user, v.password), v.line, what);
  }
});

test('openssl vectors: one per kind and password, of the right shape, verified by htserve', async () => {
  const keys = new Set<string>();
  for (const v of OPENSSL_VECTORS) {
    const what = `-${v.kind} ${JSON.stringify(v.password)}`;
    assert.ok(!keys.has(`${v.kind}\0${v.password}`), `${what}: listed twice`);
    keys.add(`${v.kind}\0${v.password}`);
    const [format, shape] = OPENSSL_SHAPE[v.kind];
    assert.match(v.hash, shape, what);
    assert.equal(detectHashFormat(v.hash), format, what);
    assert.equal(await verifyHash(v.password, v.hash), true, `${what}: right password`);
    assert.equal(await verifyHash(`wrong-${v.password}`, v.hash), false, `${what}: wrong password`);
    assert.equal(opensslHash(v.kind, v.password), v.hash, what);
  }
});

test('a missing vector is an error naming the command that makes it', () => {
  assert.throws(
    () => htpasswdLine('B', 'nobody', 'no such pw'),
    /no committed htpasswd vector .*`htpasswd -nbB -C 5 nobody 'no such pw'`.*test\/fixtures\/hash-vectors\.ts/,
  );
  assert.throws(() => htpasswdLine('m', 'bob', 'bobpw'), /`htpasswd -nbm bob bobpw`/);
  assert.throws(
    () => opensslHash('5', 'other'),
    /no committed openssl vector .*`openssl passwd -5 other`.*test\/fixtures\/hash-vectors\.ts/,
  );
});

test('htpasswd vectors are accepted by the real htpasswd -v', { skip: NO_HTPASSWD }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-vectors-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [i, v] of HTPASSWD_VECTORS.entries()) {
    const file = join(dir, `u${i}`);
    await writeFile(file, `${v.line}\n`);
    const what = `-${v.format} ${JSON.stringify(v.user)} ${JSON.stringify(v.password)}`;
    const right = spawnSync('htpasswd', ['-vb', file, v.user, v.password], { encoding: 'utf8' });
    assert.equal(right.status, 0, `${what}: ${right.stderr}`);
    assert.equal(spawnSync('htpasswd', ['-vb', file, v.user, `wrong-${v.password}`]).status, 3, `${what}: wrong`);
  }
});

test('openssl vectors are reproduced by the real openssl passwd with their salt', { skip: NO_OPENSSL }, () => {
  for (const v of OPENSSL_VECTORS) {
    const salt = OPENSSL_SHAPE[v.kind][1].exec(v.hash)![1]!;
    const run = spawnSync('openssl', ['passwd', `-${v.kind}`, '-salt', salt, v.password], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), v.hash, `-${v.kind} ${JSON.stringify(v.password)}`);
  }
});
