// DNS for `Require host` (docs/security.md, "DNS"): lookups go through c-ares to the configured
// servers with a timeout, never through libuv's thread pool, so a name server that never answers
// costs the requests that need a name a 403 after the timeout while static files keep being
// served; concurrent lookups of one address share one query and the failure is kept; /etc/hosts
// is still read first, as Apache's getnameinfo does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';

/** The query name of a DNS packet (labels from offset 12). */
function queryName(packet: Buffer): string {
  const labels: string[] = [];
  let at = 12;
  while (at < packet.length && packet[at] !== 0) {
    const len = packet[at]!;
    labels.push(packet.subarray(at + 1, at + 1 + len).toString('latin1'));
    at += 1 + len;
  }
  return labels.join('.').toLowerCase();
}

describe('Require host with a name server that never answers', { timeout: 60_000 }, () => {
  let root: string;
  let server: TestServer;
  let silent: dgram.Socket;
  const queries: string[] = [];

  before(async () => {
    silent = dgram.createSocket('udp4');
    silent.on('message', (msg) => queries.push(queryName(msg)));
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    root = await makeTree({
      'ok.txt': 'fine\n',
      'host/.htaccess': 'Require host example.com\n',
      'host/f.txt': 'host\n',
      'local/.htaccess': 'Require host localhost\n',
      'local/f.txt': 'local\n',
    });
    server = await startServer(root, {
      set: [`dns.servers=127.0.0.1:${silent.address().port}`, 'dns.timeout_ms=2000', 'dns.tries=1'],
    });
  });

  after(async () => {
    await server?.stop();
    silent?.close();
    await removeTree(root);
  });

  it('answers 403 once the lookup gives up; static files are served meanwhile', async () => {
    const froms = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'];
    let hostAnswered = false;
    // several addresses, and the first one three times: more lookups than libuv has threads
    const hostRequests = [...froms, '127.0.0.2', '127.0.0.2'].map((from) =>
      fetchRaw(server.url, '/host/f.txt', { from }).then((res) => {
        hostAnswered = true;
        return res;
      }),
    );
    // wait until every address's PTR query has reached the silent server
    while (new Set(queries).size < froms.length) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 20; i++) {
      const res = await fetchRaw(server.url, '/ok.txt');
      assert.equal(res.status, 200);
      assert.equal(res.body, 'fine\n');
    }
    assert.equal(hostAnswered, false, 'the static files were served while the lookups were still waiting');
    for (const res of await Promise.all(hostRequests)) assert.equal(res.status, 403);
    // one query per address: concurrent lookups of 127.0.0.2 shared one
    assert.equal(queries.filter((q) => q === '2.0.0.127.in-addr.arpa').length, 1, queries.join(' '));
  });

  it('keeps the failed lookup: the same client again costs no query', async () => {
    const before = queries.length;
    assert.equal((await fetchRaw(server.url, '/host/f.txt', { from: '127.0.0.2' })).status, 403);
    assert.equal(queries.length, before);
  });

  it('reads /etc/hosts first, as getnameinfo does: localhost needs no name server', async () => {
    const before = queries.length;
    const res = await fetchRaw(server.url, '/local/f.txt', { from: '127.0.0.1' });
    assert.equal(res.status, 200);
    assert.equal(res.body, 'local\n');
    assert.equal(queries.length, before);
  });
});
