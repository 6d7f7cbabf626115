// A SIGHUP reload re-reads the certificate and key named in server.ini (a renewal in place): new
// connections are shown the new certificate; a key that does not belong to the certificate
// refuses the whole reload (file:LINE-style message, HT006) and the current pair keeps serving.
// The files are readable by the unprivileged user the server runs as, as a reload requires.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchHttps, fingerprintOf, makeCertificate, servedFingerprint, type TestCertificate } from '../helpers/tls.js';

function count(server: TestServer, code: string): number {
  return server.errorLog().split(`[${code}]`).length - 1;
}

/** Send SIGHUP and wait until the error log has one more `code` line. */
async function hangUp(server: TestServer, code: string): Promise<void> {
  const before = count(server, code);
  server.child.kill('SIGHUP');
  const deadline = Date.now() + 5000;
  while (count(server, code) === before && Date.now() < deadline) await sleep(20);
  assert.equal(count(server, code), before + 1, `${code} after SIGHUP:\n${server.errorLog()}`);
}

describe('SIGHUP re-reads the TLS certificate and key', () => {
  let first: TestCertificate;
  let second: TestCertificate;
  let dir: string;
  let server: TestServer;
  before(async () => {
    first = await makeCertificate();
    second = await makeCertificate();
    dir = await makeTree({
      'site/a.txt': 'a\n',
      'tls/cert.pem': first.cert,
      'tls/key.pem': await readFile(first.keyFile, 'utf8'),
      'conf/server.ini': '[server]\nroot = ../site\n[tls]\ncert = ../tls/cert.pem\nkey = ../tls/key.pem\n',
    });
    server = await startServer(path.join(dir, 'site'), {
      config: path.join(dir, 'conf/server.ini'),
      set: ['log.access='],
    });
  });
  after(async () => {
    await server?.stop();
    for (const d of [dir, first?.dir, second?.dir]) if (d) await removeTree(d);
  });

  it('shows new connections the renewed certificate, and refuses a mismatched pair', async () => {
    assert.match(server.url, /^https:\/\//);
    assert.equal(await servedFingerprint(server.url), fingerprintOf(first.cert));

    // renewal in place: same paths, new contents
    await writeFile(path.join(dir, 'tls/cert.pem'), second.cert);
    await writeFile(path.join(dir, 'tls/key.pem'), await readFile(second.keyFile, 'utf8'));
    await hangUp(server, 'HT008');
    assert.equal(await servedFingerprint(server.url), fingerprintOf(second.cert));
    const res = await fetchHttps(server.url, '/a.txt', second.cert);
    assert.equal(res.status, 200);
    assert.equal(res.body, 'a\n');

    // a half-done renewal: the old key next to a new certificate
    await writeFile(path.join(dir, 'tls/cert.pem'), first.cert);
    await hangUp(server, 'HT006');
    assert.match(server.errorLog(), /\[HT006\] reload refused, the running configuration keeps serving: .*key\.pem/);
    assert.equal(await servedFingerprint(server.url), fingerprintOf(second.cert), 'the current pair keeps serving');
    assert.equal((await fetchHttps(server.url, '/a.txt', second.cert)).status, 200);
  });
});
