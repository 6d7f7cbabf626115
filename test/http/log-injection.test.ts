// Error-log injection (docs/security.md, "Logs"): what a client sends — a URL segment with an
// encoded newline, a Basic user name with raw CR/LF — is escaped at the logger's write boundary,
// so every event is exactly one line and no client can forge one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { waitForMatch } from '../helpers/wait.js';
import { htpasswdLine } from '../helpers/engine.js';
import { escapeLogLine } from '../../src/server/logs.js';

const FORGED = '[Thu Jan 01 00:00:00.000000 2026] [error] [client 6.6.6.6] forged';
/** Every line the error log may hold: `[ISO date] [level] [CODE] message`. */
const LOG_LINE = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] \[(debug|info|warn|error)\] \[[A-Z0-9]+\] /;

function assertEveryLineIsOurs(log: string): void {
  for (const line of log.split('\n')) {
    if (line === '') continue;
    assert.match(line, LOG_LINE, `a line the server did not write:\n${line}\n\nwhole log:\n${log}`);
  }
}

describe('client text in the logs', () => {
  let root: string;
  let conf: string;
  let server: TestServer;

  before(async () => {
    conf = await makeTree({});
    const passwd = path.join(conf, 'htpasswd');
    writeFileSync(passwd, `${htpasswdLine('B', 'alice', 'S3cret-pw!x9')}\n`, { mode: 0o644 });
    root = await makeTree({
      'ok.txt': 'ok\n',
      'members/.htaccess': `AuthType Basic\nAuthName "Members"\nAuthUserFile ${passwd}\nRequire valid-user\n`,
      'members/secret.txt': 'members only\n',
    });
    server = await startServer(root, { set: ['log.level=info'] });
  });

  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(conf);
  });

  it('a 260-byte path segment with an encoded newline is logged on one line, escaped', async () => {
    const segment = 'x'.repeat(200) + encodeURIComponent(`\n${FORGED}\r\n`) + 'y'.repeat(10);
    const res = await fetchRaw(server.url, `/${segment}`);
    assert.ok(res.status >= 400, String(res.status));
    assert.ok(await waitForMatch(server.errorLog, /forged/), `the event is logged:\n${server.errorLog()}`);
    const lines = server
      .errorLog()
      .split('\n')
      .filter((l) => l.includes('forged'));
    assert.equal(lines.length, 1, server.errorLog());
    assert.match(lines[0]!, /\\x0a\[Thu Jan 01/);
    assertEveryLineIsOurs(server.errorLog());
  });

  it('a Basic user name with raw CR/LF is logged on one line, escaped', async () => {
    // a user name ends at the first colon: the forged line has none
    const user = 'mallory\r\n[Thu Jan 01 2026] [error] [client 6.6.6.6] forged-user\n';
    const header = `Basic ${Buffer.from(`${user}:pw`, 'utf8').toString('base64')}`;
    const res = await fetchRaw(server.url, '/members/secret.txt', { headers: { Authorization: header } });
    assert.equal(res.status, 401);
    assert.ok(await waitForMatch(server.errorLog, /forged-user/), `the event is logged:\n${server.errorLog()}`);
    const lines = server
      .errorLog()
      .split('\n')
      .filter((l) => l.includes('mallory'));
    assert.equal(lines.length, 1, server.errorLog());
    assert.match(
      lines[0]!,
      /\[AH01618\] user "mallory\\x0d\\x0a\[Thu Jan 01 2026\] \[error\] .*forged-user\\x0a" not found/,
    );
    assertEveryLineIsOurs(server.errorLog());
  });

  it('the access log keeps one line per request too', async () => {
    const res = await fetchRaw(server.url, `/ok.txt?${encodeURIComponent('\n')}q=%0d%0a${encodeURIComponent(FORGED)}`);
    assert.equal(res.status, 200);
    assert.ok(await waitForMatch(server.output, /q=%0d%0a/));
    for (const line of server.output().split('\n').slice(1)) {
      if (line === '') continue;
      assert.match(line, /^127\.0\.0\.1 - \S+ \[/, `a line the server did not write: ${line}`);
    }
  });
});

describe('escapeLogLine', () => {
  it('escapes C0 and C1 controls, DEL and Unicode line separators; leaves the rest alone', () => {
    assert.equal(
      escapeLogLine('a\nb\rc\x00d\x1be\x7ff\x85g\u2028h\u2029i'),
      'a\\x0ab\\x0dc\\x00d\\x1be\\x7ff\\x85g\\u2028h\\u2029i',
    );
    const plain = 'GET /caf\u00e9 "quoted" \\x0a already-escaped [error]';
    assert.equal(escapeLogLine(plain), plain);
  });
});
