// HTTPS: the listening line, Strict-Transport-Security, the plain-HTTP listener that only
// redirects, HTTPS / REQUEST_SCHEME in rewrites and expressions, every generated Location on
// https://, the [tls] keys' validation, and the start-up warning for realms on plain HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { runCli } from '../helpers/cli.js';
import { waitForMatch } from '../helpers/wait.js';
import { fetchHttp2, fetchHttps, makeCertificate, type TestCertificate } from '../helpers/tls.js';

const HSTS = 'max-age=31536000; includeSubDomains';

describe('HTTPS', () => {
  let root: string;
  let cert: TestCertificate;
  let server: TestServer;
  let redirectUrl: string;
  before(async () => {
    cert = await makeCertificate();
    root = await makeTree({
      'a.txt': 'a\n',
      'café.txt': 'café\n',
      'dir/index.html': '<p>dir</p>\n',
      '.htaccess': [
        'RewriteEngine On',
        'RewriteRule ^whoami$ /%{REQUEST_SCHEME}-%{HTTPS}.txt [R=302,L]',
        "<If \"%{HTTPS} == 'on' && %{REQUEST_SCHEME} == 'https' && %{SERVER_PORT} != ''\">",
        '  Header set X-Secure yes',
        '</If>',
        'Redirect 301 /old /a.txt',
        '',
      ].join('\n'),
    });
    // a config file: the HSTS value needs quotes there (';' starts a comment in ini files)
    const ini = path.join(cert.dir, 'server.ini');
    await fs.writeFile(
      ini,
      `[tls]\ncert = ${cert.certFile}\nkey = ${cert.keyFile}\nhttp2 = true\nredirect_port = 0\nhsts = "${HSTS}"\n`,
    );
    server = await startServer(root, { config: ini });
    const m = await waitForMatch(server.errorLog, /\[HT061\] (http:\/\/\S+) redirects/);
    assert.ok(m, `redirect listener announced:\n${server.errorLog()}`);
    redirectUrl = m[1]!;
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(cert.dir);
  });

  it('prints an https:// URL and answers with Strict-Transport-Security', async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetchHttps(server.url, '/a.txt', cert.cert);
    assert.equal(res.status, 200);
    assert.equal(res.body, 'a\n');
    assert.equal(res.headers['strict-transport-security'], HSTS);
    const h2 = await fetchHttp2(server.url, '/nothing-here', cert.cert);
    assert.equal(h2.status, 404);
    assert.equal(h2.headers['strict-transport-security'], HSTS, 'error answers carry it too');
  });

  it('the plain listener redirects GET and HEAD with 301, other methods with 308, and serves nothing', async () => {
    const port = new URL(server.url).port;
    const get = await fetchRaw(redirectUrl, '/dir/x?y=1');
    assert.equal(get.status, 301);
    assert.equal(get.headers.location, `https://127.0.0.1:${port}/dir/x?y=1`);
    assert.equal(get.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    assert.doesNotMatch(get.body, /a\n/);
    const head = await fetchRaw(redirectUrl, '/a.txt', { method: 'HEAD' });
    assert.equal(head.status, 301);
    assert.equal(head.body, '');
    const post = await fetchRaw(redirectUrl, '/a.txt', { method: 'POST', body: 'x=1' });
    assert.equal(post.status, 308);
    assert.equal(post.headers.location, `https://127.0.0.1:${port}/a.txt`);
    const named = await fetchRaw(redirectUrl, '/', { headers: { Host: 'example.org:8080' } });
    assert.equal(named.headers.location, `https://example.org:${port}/`, 'the host name kept, the HTTPS port used');
    const noHost = await fetchRaw(redirectUrl, '/', { headers: { Host: 'bad host' } });
    assert.equal(noHost.status, 400);
  });

  it('HTTPS and REQUEST_SCHEME read on/https in RewriteRule and <If>', async () => {
    for (const fetch of [fetchHttps, fetchHttp2]) {
      const res = await fetch(server.url, '/whoami', cert.cert);
      assert.equal(res.status, 302);
      assert.equal(res.headers.location, `${server.url}/https-on.txt`);
      const secure = await fetch(server.url, '/a.txt', cert.cert);
      assert.equal(secure.headers['x-secure'], 'yes');
    }
  });

  it('a target with raw UTF-8 bytes is answered over HTTPS too (HTTP/1.1 fallback of the HTTP/2 server)', async () => {
    const u = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = tls.connect({ host: u.hostname, port: Number(u.port), ca: cert.cert }, () => {
        socket.write(
          Buffer.concat([
            Buffer.from('GET /caf'),
            Buffer.from([0xc3, 0xa9]),
            Buffer.from('.txt HTTP/1.1\r\nHost: x\r\n\r\n'),
          ]),
        );
      });
      let text = '';
      socket.setEncoding('utf8').on('data', (c: string) => (text += c));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(answer, /\r\n\r\ncafé\n$/);
  });

  it('generated Locations (trailing slash, Redirect) use https://', async () => {
    const slash = await fetchHttp2(server.url, '/dir', cert.cert);
    assert.equal(slash.status, 301);
    assert.equal(slash.headers.location, `${server.url}/dir/`);
    const redirect = await fetchHttps(server.url, '/old', cert.cert);
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, `${server.url}/a.txt`);
  });
});

describe('plain HTTP keeps http', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({
      '.htaccess': 'RewriteEngine On\nRewriteRule ^whoami$ /%{REQUEST_SCHEME}-%{HTTPS}.txt [R=302,L]\n',
    });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('HTTPS is off and the Location is http://', async () => {
    const res = await fetchRaw(server.url, '/whoami');
    assert.equal(res.headers.location, `${server.url}/http-off.txt`);
    assert.equal(res.headers['strict-transport-security'], undefined);
  });
});

describe('htserve check with an https:// URL', () => {
  it('answers as for a request over HTTPS', async () => {
    const root = await makeTree({
      '.htaccess': 'RewriteEngine On\nRewriteRule ^whoami$ /%{REQUEST_SCHEME}-%{HTTPS}.txt [R=302,L]\n',
    });
    try {
      const secure = await runCli(['check', 'https://example.org/whoami', '--root', root]);
      assert.match(secure.stdout, /https:\/\/example\.org\/https-on\.txt/);
      const plain = await runCli(['check', 'http://example.org/whoami', '--root', root]);
      assert.match(plain.stdout, /http:\/\/example\.org\/http-off\.txt/);
    } finally {
      await removeTree(root);
    }
  });
});

describe('[tls] keys are checked at start-up', () => {
  let cert: TestCertificate;
  let other: TestCertificate;
  let root: string;
  before(async () => {
    cert = await makeCertificate();
    other = await makeCertificate();
    root = await makeTree({ 'a.txt': 'a\n' });
  });
  after(async () => {
    await removeTree(cert.dir);
    await removeTree(other.dir);
    await removeTree(root);
  });

  const start = async (ini: string) => {
    const file = path.join(cert.dir, 'bad.ini');
    await fs.writeFile(file, ini);
    return runCli([root, '--config', file, '--port', '0'], { timeoutMs: 10000 });
  };

  it('a certificate without its key, with the line', async () => {
    const r = await start(`[server]\nhost = 127.0.0.1\n[tls]\ncert = ${cert.certFile}\n`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.ini:4: tls\.cert: needs tls\.key too/);
  });

  it('http2, redirect_port and hsts need a certificate', async () => {
    const r = await start(`[tls]\nhttp2 = true\n`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.ini:2: tls\.http2: needs tls\.cert and tls\.key/);
    const h = await start(`[tls]\nredirect_port = 8081\n`);
    assert.match(h.stderr, /bad\.ini:2: tls\.redirect_port: needs tls\.cert/);
  });

  it('a missing file, a file without PEM, and a bad HSTS value', async () => {
    const missing = await start(`[tls]\ncert = ${cert.dir}/none.pem\nkey = ${cert.keyFile}\n`);
    assert.match(missing.stderr, /bad\.ini:2: tls\.cert: cannot read .*none\.pem: ENOENT/);
    const notPem = await start(`[tls]\ncert = ${cert.keyFile}\nkey = ${cert.keyFile}\n`);
    assert.match(notPem.stderr, /bad\.ini:2: tls\.cert: .* holds no PEM CERTIFICATE/);
    const hsts = await start(`[tls]\ncert = ${cert.certFile}\nkey = ${cert.keyFile}\nhsts = "1 year"\n`);
    assert.match(hsts.stderr, /bad\.ini:4: tls\.hsts: expected "max-age=SECONDS/);
  });

  it('a key that is not the certificate’s stops the start with both files named', async () => {
    const r = await start(`[server]\nhost = 127.0.0.1\n[tls]\ncert = ${cert.certFile}\nkey = ${other.keyFile}\n`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /tls\.cert .*cert\.pem \/ tls\.key .*key\.pem: .*key values mismatch/);
  });
});

describe('a realm on plain HTTP on a public address', () => {
  let root: string;
  before(async () => {
    root = await makeTree({
      'priv/.htaccess': 'AuthType Basic\nAuthName "members"\nAuthUserFile /nonexistent\nRequire valid-user\n',
    });
  });
  after(async () => {
    await removeTree(root);
  });

  it('logs a warning naming the access file, on 0.0.0.0 only', async () => {
    const open = await startServer(root, { set: ['server.host=0.0.0.0'] });
    const local = await startServer(root);
    try {
      assert.ok(await waitForMatch(open.errorLog, /HT060/), open.errorLog());
      assert.match(
        open.errorLog(),
        /\[warn\] \[HT060\] 1 access file \(first: .*\/priv\/\.htaccess\) ask for passwords or tokens, and htserve listens for plain HTTP on 0\.0\.0\.0/,
      );
      assert.doesNotMatch(local.errorLog(), /HT060/, 'loopback: nobody else on the path');
    } finally {
      await open.stop();
      await local.stop();
    }
  });
});
