// Catastrophic regular expressions in access files (docs/security.md, "Regular expressions"): a
// RedirectMatch, SetEnvIf or <If> whose pattern would backtrack exponentially answers a hostile
// URL at once, with Apache's answer, while other clients keep being served; a pattern only a
// backtracking engine can run costs the one request whose subject is too long a 500.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { waitForMatch } from '../helpers/wait.js';

const HOSTILE = 'a'.repeat(40) + '!';

describe('regular expressions that would backtrack catastrophically', { timeout: 60_000 }, () => {
  let root: string;
  let server: TestServer;

  before(async () => {
    root = await makeTree({
      'ok.txt': 'fine\n',
      'r/.htaccess': 'RedirectMatch 404 "^/r/(a+)+$"\n',
      'r/present.txt': 'r\n',
      'e/.htaccess': [
        'SetEnvIf Request_URI "^/e/(a+)+$" HIT',
        '<RequireAll>',
        'Require all granted',
        'Require not env HIT',
        '</RequireAll>',
      ].join('\n'),
      'i/.htaccess': '<If "%{REQUEST_URI} =~ /^\\/i\\/(a+)+$/">\nRequire all denied\n</If>\n',
      'b/.htaccess': 'RedirectMatch 410 "^/b/(a+)+\\1$"\n',
    });
    server = await startServer(root, { set: ['log.level=info'] });
  });

  after(async () => {
    server.child.kill('SIGKILL'); // a server stuck in a regex would not handle SIGTERM
    await server.stop();
    await removeTree(root);
  });

  /** The hostile request and a plain one at the same time: both are answered. */
  async function hostileWithNeighbour(target: string): Promise<number> {
    const [hostile, neighbour] = await Promise.all([fetchRaw(server.url, target), fetchRaw(server.url, '/ok.txt')]);
    assert.equal(neighbour.status, 200);
    assert.equal(neighbour.body, 'fine\n');
    return hostile.status;
  }

  it('RedirectMatch 404 "^/(a+)+$": the hostile URL does not match (404 of a missing file), a matching one does', async () => {
    assert.equal(await hostileWithNeighbour(`/r/${HOSTILE}`), 404);
    const matching = await fetchRaw(server.url, '/r/aaaa');
    assert.equal(matching.status, 404);
    assert.equal((await fetchRaw(server.url, '/r/present.txt')).status, 200);
  });

  it('SetEnvIf with the same pattern: no match, so not refused; a matching URL is refused', async () => {
    assert.equal(await hostileWithNeighbour(`/e/${HOSTILE}`), 404);
    assert.equal((await fetchRaw(server.url, '/e/aaaa')).status, 403);
  });

  it('<If "... =~ /^(a+)+$/">: no match, so no denial; a matching URL is denied', async () => {
    assert.equal(await hostileWithNeighbour(`/i/${HOSTILE}`), 404);
    assert.equal((await fetchRaw(server.url, '/i/aaaa')).status, 403);
  });

  it('a back-reference pattern (backtracking engine): a short subject matches, a long one costs that request a 500', async () => {
    assert.equal((await fetchRaw(server.url, '/b/aaaa')).status, 410);
    assert.equal(await hostileWithNeighbour(`/b/${HOSTILE}`), 500);
    const line = await waitForMatch(server.errorLog, /^.*\[error\] \[HT020\].*$/m);
    assert.ok(line, server.errorLog());
    assert.match(line[0], /\/b\/\.htaccess:1: the pattern .* longer than its limit of \d+/);
    assert.equal((await fetchRaw(server.url, '/ok.txt')).status, 200);
  });
});
