// running.reloadTls() (what a SIGHUP reload calls): new connections get the new certificate,
// an open HTTP/2 connection keeps working, and a broken pair is refused while the current one
// keeps serving. In-process, so the test holds the RunningServer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import http2 from 'node:http2';
import { loadConfig } from '../../src/config/load-config.js';
import { buildContext } from '../../src/server/context.js';
import { createLogger } from '../../src/server/logs.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { fingerprintOf, makeCertificate, servedFingerprint, type TestCertificate } from '../helpers/tls.js';

function get(session: http2.ClientHttp2Session, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path });
    let status = 0;
    let body = '';
    stream.on('response', (h) => (status = Number(h[':status'])));
    stream.setEncoding('utf8').on('data', (c: string) => (body += c));
    stream.on('end', () => resolve({ status, body }));
    stream.on('error', reject);
  });
}

describe('reloading the certificate', () => {
  let root: string;
  let first: TestCertificate;
  let second: TestCertificate;
  let running: RunningServer;
  before(async () => {
    first = await makeCertificate();
    second = await makeCertificate();
    root = await makeTree({ 'a.txt': 'a\n' });
    const config = loadConfig({
      configFile: null,
      overrides: [
        `tls.cert=${first.certFile}`,
        `tls.key=${first.keyFile}`,
        'tls.http2=true',
        'server.port=0',
        'log.access=',
        'log.level=error',
      ],
      rootArg: root,
      cwd: process.cwd(),
    });
    const ctx = await buildContext(config);
    running = await startServer(config, ctx, createLogger(config.log));
  });
  after(async () => {
    await running?.close();
    await removeTree(root);
    await removeTree(first.dir);
    await removeTree(second.dir);
  });

  it('new connections get the new pair, an open one goes on, a broken pair is refused', async () => {
    assert.equal(await servedFingerprint(running.url), fingerprintOf(first.cert));
    const session = http2.connect(running.url, { ca: first.cert });
    try {
      assert.deepEqual(await get(session, '/a.txt'), { status: 200, body: 'a\n' });
      // the files are replaced in place, as a certificate renewal does
      await fs.copyFile(second.certFile, first.certFile);
      await fs.copyFile(second.keyFile, first.keyFile);
      await running.reloadTls();
      assert.equal(await servedFingerprint(running.url), fingerprintOf(second.cert));
      assert.deepEqual(await get(session, '/a.txt'), { status: 200, body: 'a\n' }, 'the open connection still serves');
    } finally {
      session.close();
    }
    // a key that is not the certificate's: refused, and the current pair stays
    const other = await makeCertificate();
    try {
      await fs.copyFile(other.keyFile, first.keyFile);
      await assert.rejects(running.reloadTls(), /key values mismatch/);
      assert.equal(await servedFingerprint(running.url), fingerprintOf(second.cert));
    } finally {
      await removeTree(other.dir);
    }
  });
});
