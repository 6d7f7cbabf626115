// Issue 9 against the real server: a flood of wrong passwords for a bcrypt (cost 10) realm must
// not starve anything else, an overloaded hash pool answers 503 with Retry-After (through the
// normal Decision path, so ErrorDocument 503 applies) and never 401/403, and an overlong password
// is a plain 401 that is never hashed. Hashes come from htserve's own hashing, not from
// Apache's htpasswd. No timing assertions: only "it answered at all", counted. Attempt limits are
// off here (auth.max_failures=0): these floods measure the hash pool, test/http/attempt-limits.test.ts the 429.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { hashPassword } from '../../src/authn/hash-formats.js';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestResponse } from '../helpers/http.js';

const MARKER = 'busy-marker-503';

interface Site {
  auth: string;
  root: string;
}

async function makeSite(): Promise<Site> {
  const auth = await makeTree({ users: `bob:${await hashPassword('bobpw', 'bcrypt', { cost: 10 })}\n` });
  const root = await makeTree({
    'pub.txt': 'public\n',
    'secret/.htaccess':
      `AuthType Basic\nAuthName "R"\nAuthUserFile ${path.join(auth, 'users')}\nRequire valid-user\n` +
      `ErrorDocument 503 "${MARKER}"\n`,
    'secret/f.txt': 'secret\n',
  });
  return { auth, root };
}

/** Distinct wrong passwords, so no two checks can share a job. */
function wrongPasswords(n: number): string[] {
  const tag = randomBytes(6).toString('hex');
  return Array.from({ length: n }, (_, i) => `wrong-${tag}-${i}`);
}

function statusCounts(responses: TestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

describe('a flood of wrong passwords for a bcrypt cost-10 realm (default pool)', () => {
  let site: Site;
  let server: TestServer;
  before(async () => {
    site = await makeSite();
    server = await startServer(site.root, { set: ['auth.max_failures=0'] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(site.root);
    await removeTree(site.auth);
  });

  it('keeps answering a public file during the flood; the flood gets 401 (or 503), never 403', async () => {
    const passwords = wrongPasswords(30);
    let pending = passwords.length;
    const flood = passwords.map((pw) =>
      fetchRaw(server.url, '/secret/f.txt', { auth: `bob:${pw}` }).finally(() => pending--),
    );
    let publicDuringFlood = 0;
    while (pending > 0) {
      const res = await fetchRaw(server.url, '/pub.txt');
      assert.equal(res.status, 200);
      assert.equal(res.body, 'public\n');
      if (pending > 0) publicDuringFlood++;
    }
    const responses = await Promise.all(flood);
    const counts = statusCounts(responses);
    assert.ok(publicDuringFlood > 0, `the public file answered during the flood (${publicDuringFlood} times)`);
    assert.equal(counts[403], undefined, `never 403: ${JSON.stringify(counts)}`);
    assert.equal((counts[401] ?? 0) + (counts[503] ?? 0), passwords.length, JSON.stringify(counts));
    assert.ok((counts[401] ?? 0) > 0, JSON.stringify(counts));
    for (const r of responses) {
      if (r.status === 401) assert.equal(r.headers['www-authenticate'], 'Basic realm="R"');
    }
    console.log(`public answers during the flood: ${publicDuringFlood}; flood statuses: ${JSON.stringify(counts)}`);

    // The right password still works afterwards, and no password reached the logs.
    const ok = await fetchRaw(server.url, '/secret/f.txt', { auth: 'bob:bobpw' });
    assert.equal(ok.status, 200);
    for (const pw of passwords) {
      assert.ok(!server.errorLog().includes(pw) && !server.output().includes(pw), 'no password in the logs');
    }
  });
});

describe('an overloaded hash pool (auth.hash_workers=1, auth.hash_queue=1)', () => {
  let site: Site;
  let server: TestServer;
  before(async () => {
    site = await makeSite();
    server = await startServer(site.root, {
      set: ['auth.hash_queue=1', 'auth.hash_workers=1', 'auth.max_failures=0'],
    });
  });
  after(async () => {
    await server?.stop();
    await removeTree(site.root);
    await removeTree(site.auth);
  });

  it('answers part of a burst with 503 + Retry-After (ErrorDocument 503 applies), never 403; one log line', async () => {
    const passwords = wrongPasswords(20);
    const long = 'L'.repeat(2048);
    const burst = passwords.map((pw) => fetchRaw(server.url, '/secret/f.txt', { auth: `bob:${pw}` }));
    // Sent while the pool is saturated: an overlong password is never hashed, so never busy.
    const longRes = fetchRaw(server.url, '/secret/f.txt', { auth: `bob:${long}` });
    const responses = await Promise.all(burst);
    const counts = statusCounts(responses);
    console.log(`burst statuses: ${JSON.stringify(counts)}`);

    assert.equal(counts[403], undefined, `never 403: ${JSON.stringify(counts)}`);
    assert.ok((counts[503] ?? 0) > 0, `some 503s: ${JSON.stringify(counts)}`);
    assert.ok((counts[401] ?? 0) >= 2, `the running and the waiting check are answered: ${JSON.stringify(counts)}`);
    assert.equal((counts[401] ?? 0) + (counts[503] ?? 0), passwords.length);
    for (const r of responses) {
      if (r.status === 503) {
        assert.match(String(r.headers['retry-after']), /^[1-5]$/, 'Retry-After in seconds');
        assert.equal(r.headers['www-authenticate'], undefined, 'a 503 asks for no credentials');
        assert.ok(r.body.includes(MARKER), `ErrorDocument 503 used: ${r.body.slice(0, 200)}`);
      } else {
        assert.equal(r.headers['retry-after'], undefined);
        assert.equal(r.headers['www-authenticate'], 'Basic realm="R"');
      }
    }

    const lr = await longRes;
    assert.equal(lr.status, 401, 'a 2 KB password is a wrong password');
    assert.equal(lr.headers['www-authenticate'], 'Basic realm="R"');

    // The error log: one HT503 line for the burst, the long password noted as not hashed.
    await new Promise((r) => setTimeout(r, 200)); // let the child's stderr arrive
    const log = server.errorLog();
    const busyLines = log.split('\n').filter((l) => l.includes('[HT503]'));
    assert.equal(busyLines.length, 1, `one report per burst:\n${log}`);
    assert.match(busyLines[0]!, /\[warn\]/);
    assert.match(log, /password mismatch \(password longer than auth\.max_password_bytes: not hashed\)/);
    assert.ok(!log.includes(long) && !passwords.some((pw) => log.includes(pw)), 'no password in the error log');

    // Once the burst is over the realm works normally.
    assert.equal((await fetchRaw(server.url, '/secret/f.txt', { auth: 'bob:bobpw' })).status, 200);
    assert.equal((await fetchRaw(server.url, '/secret/f.txt', { auth: `bob:${long}` })).status, 401);
  });
});
