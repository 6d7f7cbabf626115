// Behind proxies ([proxy] trusted / header, mod_remoteip's model): the server sees 127.0.0.1, and
// trusting it or not is a matter of configuration. A trusted peer's X-Forwarded-For (or
// Forwarded) names the client: the rightmost address that is not itself a trusted proxy. That
// address is what Require ip, Allow from, attempt limits, %{REMOTE_ADDR} and the access log see;
// X-Forwarded-Proto sets the scheme. An untrusted peer's headers change nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { waitForMatch } from '../helpers/wait.js';

const sha = (pw: string) => `{SHA}${createHash('sha1').update(pw).digest('base64')}`;

async function site(): Promise<string> {
  const root = await makeTree({
    'lan/x.txt': 'lan\n',
    'lan/.htaccess': 'Require ip 203.0.113.0/24 2001:db8::/32\n',
    'legacy/x.txt': 'legacy\n',
    'legacy/.htaccess': 'Order deny,allow\nDeny from all\nAllow from 203.0.113.7\n',
    'dir/index.html': '<p>dir</p>\n',
    '.htaccess': 'RewriteEngine On\nRewriteRule ^ip$ /seen/%{REMOTE_ADDR}/%{HTTPS} [R=302,L]\n',
    'priv/x.txt': 'secret\n',
    'priv/.htpasswd': `ann:${sha('annpw')}\n`,
  });
  await fs.writeFile(
    `${root}/priv/.htaccess`,
    `AuthType Basic\nAuthName "members"\nAuthUserFile ${root}/priv/.htpasswd\nRequire valid-user\n`,
  );
  await fs.chmod(`${root}/priv/.htaccess`, 0o644);
  return root;
}

const xff = (value: string, more: Record<string, string> = {}) => ({ headers: { 'X-Forwarded-For': value, ...more } });

describe('a trusted proxy (X-Forwarded-For)', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await site();
    server = await startServer(root, {
      set: ['proxy.trusted=127.0.0.1, 10.0.0.0/8', 'auth.max_failures=2', 'auth.lockout_s=60'],
    });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('Require ip sees the forwarded client; the access log names it', async () => {
    const res = await fetchRaw(server.url, '/lan/x.txt', xff('203.0.113.9'));
    assert.equal(res.status, 200);
    assert.equal(res.body, 'lan\n');
    assert.ok(
      await waitForMatch(server.output, /^203\.0\.113\.9 - - \[[^\]]+\] "GET \/lan\/x\.txt HTTP\/1\.1" 200 4 /m),
      server.output(),
    );
  });

  it('takes the rightmost address that is not a trusted proxy', async () => {
    // 10.1.2.3 is a trusted proxy in front of us: the client is the one before it
    assert.equal((await fetchRaw(server.url, '/lan/x.txt', xff('203.0.113.9, 10.1.2.3'))).status, 200);
    // a client-written (spoofed) first entry is not believed: 198.51.100.1 is who reached the proxy
    assert.equal((await fetchRaw(server.url, '/lan/x.txt', xff('203.0.113.9, 198.51.100.1'))).status, 403);
    assert.ok(
      await waitForMatch(server.output, /^198\.51\.100\.1 - - .*"GET \/lan\/x\.txt HTTP\/1\.1" 403 /m),
      server.output(),
    );
    // no header: the proxy itself is the client
    assert.equal((await fetchRaw(server.url, '/lan/x.txt')).status, 403);
    // not an address: the walk stops at the proxy that sent it
    assert.equal((await fetchRaw(server.url, '/lan/x.txt', xff('203.0.113.9, unknown'))).status, 403);
  });

  it('Allow from and %{REMOTE_ADDR} see it too', async () => {
    assert.equal((await fetchRaw(server.url, '/legacy/x.txt', xff('203.0.113.7'))).status, 200);
    assert.equal((await fetchRaw(server.url, '/legacy/x.txt', xff('203.0.113.8'))).status, 403);
    const ip = await fetchRaw(server.url, '/ip', xff('203.0.113.9'));
    assert.equal(ip.status, 302);
    assert.equal(ip.headers.location, `${server.url}/seen/203.0.113.9/off`);
  });

  it('X-Forwarded-Proto: https sets the scheme (HTTPS, Locations)', async () => {
    const ip = await fetchRaw(server.url, '/ip', xff('203.0.113.9', { 'X-Forwarded-Proto': 'https' }));
    const host = new URL(server.url).host;
    assert.equal(ip.headers.location, `https://${host}/seen/203.0.113.9/on`);
    const slash = await fetchRaw(server.url, '/dir', { headers: { 'X-Forwarded-Proto': 'https' } });
    assert.equal(slash.status, 301);
    assert.equal(slash.headers.location, `https://${host}/dir/`);
  });

  it('attempt limits count the forwarded client, not the proxy', async () => {
    for (let i = 0; i < 2; i++)
      assert.equal(
        (await fetchRaw(server.url, '/priv/x.txt', { ...xff('203.0.113.50'), auth: 'ann:wrong' })).status,
        401,
      );
    const locked = await fetchRaw(server.url, '/priv/x.txt', { ...xff('203.0.113.50'), auth: 'ann:annpw' });
    assert.equal(locked.status, 429, 'the client that failed is locked out');
    assert.ok(locked.headers['retry-after']);
    const other = await fetchRaw(server.url, '/priv/x.txt', { ...xff('203.0.113.51'), auth: 'ann:annpw' });
    assert.equal(other.status, 200, 'another client behind the same proxy is not');
  });
});

describe('an untrusted peer', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await site();
    server = await startServer(root, { set: ['proxy.trusted=10.0.0.0/8'] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('its X-Forwarded-For and X-Forwarded-Proto are ignored', async () => {
    const res = await fetchRaw(server.url, '/lan/x.txt', xff('203.0.113.9'));
    assert.equal(res.status, 403);
    assert.ok(
      await waitForMatch(server.output, /^127\.0\.0\.1 - - .*"GET \/lan\/x\.txt HTTP\/1\.1" 403 /m),
      server.output(),
    );
    const ip = await fetchRaw(server.url, '/ip', xff('203.0.113.9', { 'X-Forwarded-Proto': 'https' }));
    assert.equal(ip.headers.location, `${server.url}/seen/127.0.0.1/off`);
  });
});

describe('a trusted proxy (Forwarded, RFC 7239)', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await site();
    server = await startServer(root, { set: ['proxy.trusted=127.0.0.1', 'proxy.header=Forwarded'] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('for= names the client (IPv6 in brackets with a port), proto= the scheme', async () => {
    const host = new URL(server.url).host;
    const res = await fetchRaw(server.url, '/ip', {
      headers: { Forwarded: 'for="[2001:db8::1]:4711";proto=https;by=10.0.0.1' },
    });
    assert.equal(res.headers.location, `https://${host}/seen/2001:db8::1/on`);
    const lan = await fetchRaw(server.url, '/lan/x.txt', { headers: { Forwarded: 'for=192.0.2.1, for=203.0.113.9' } });
    assert.equal(lan.status, 200, 'the rightmost element names the client');
    const xffIgnored = await fetchRaw(server.url, '/lan/x.txt', xff('203.0.113.9'));
    assert.equal(xffIgnored.status, 403, 'X-Forwarded-For is not the configured header');
  });
});

describe('[proxy] keys are checked', () => {
  it('an invalid address is refused at start-up', async () => {
    const root = await makeTree({ 'a.txt': 'a\n' });
    try {
      await assert.rejects(
        startServer(root, { set: ['proxy.trusted=127.0.0.1 10.0.0.0/33'] }),
        /proxy\.trusted: expected an address or CIDR, got '10\.0\.0\.0\/33'/,
      );
    } finally {
      await removeTree(root);
    }
  });
});
