// No enumeration, measured (issue 10): an unknown user, a wrong password for a bcrypt user, a user
// whose entry can never match (plain text) and a user with a cheap {SHA} hash next to the bcrypt
// one get the same status, headers and body, and take the same time within noise. The file is
// mostly {SHA}, so a stand-in of the file's most common format would answer unknown users fast.
// Timing is compared as distributions (medians of interleaved rounds, within 0.5-2x), which holds
// on a loaded machine; without the padding the cheap cases are ten times faster or more.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../../src/authn/hash-formats.js';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestResponse } from '../helpers/http.js';

const ROUNDS = 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Everything the client sees except the Date header. */
function visible(res: TestResponse): string {
  const headers = Object.entries(res.headers)
    .filter(([k]) => k !== 'date')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify({ status: res.status, headers, body: res.body });
}

describe('no user enumeration by answer or by time', () => {
  let auth: string;
  let root: string;
  let server: TestServer;
  before(async () => {
    const users =
      `sam:${await hashPassword('sampw', 'sha1')}\n` +
      `carol:${await hashPassword('carolpw', 'sha1')}\n` +
      `dave:${await hashPassword('davepw', 'sha1')}\n` +
      `bob:${await hashPassword('bobpw', 'bcrypt', { cost: 7 })}\n` +
      'pete:petepw\n';
    auth = await makeTree({ users });
    root = await makeTree({
      'm/.htaccess': `AuthType Basic\nAuthName "R"\nAuthUserFile ${path.join(auth, 'users')}\nRequire valid-user\n`,
      'm/f.txt': 'members\n',
    });
    // Attempt limits off: this sends 60 failures from one address on purpose.
    server = await startServer(root, { set: ['auth.max_failures=0'] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(auth);
  });

  it('unknown user, wrong password, unverifiable entry and cheap hash: same answer, same time', async () => {
    const cases = {
      'wrong password (bcrypt)': (i: number) => `bob:wrong-${i}`,
      'unknown user': (i: number) => `mallory:wrong-${i}`,
      'unverifiable entry (plain text)': () => 'pete:petepw',
      'cheap hash ({SHA})': (i: number) => `sam:wrong-${i}`,
    };
    const times: Record<string, number[]> = {};
    const answers = new Set<string>();
    assert.equal((await fetchRaw(server.url, '/m/f.txt', { auth: 'bob:bobpw' })).status, 200, 'warm-up sign-in');
    for (let i = 0; i < ROUNDS; i++) {
      // Interleaved, so a busier moment of the machine falls on every case alike.
      for (const [name, credentials] of Object.entries(cases)) {
        const start = performance.now();
        const res = await fetchRaw(server.url, '/m/f.txt', { auth: credentials(i) });
        (times[name] ??= []).push(performance.now() - start);
        assert.equal(res.status, 401, name);
        answers.add(visible(res));
      }
    }
    assert.equal(answers.size, 1, `one answer for all:\n${[...answers].join('\n')}`);
    const reference = median(times['wrong password (bcrypt)']!);
    const report = Object.entries(times).map(([name, xs]) => `${name}: median ${median(xs).toFixed(1)} ms`);
    console.log(report.join('; '));
    for (const [name, xs] of Object.entries(times)) {
      const ratio = median(xs) / reference;
      assert.ok(
        ratio >= 0.5 && ratio <= 2,
        `${name}: ${ratio.toFixed(2)}x the bcrypt wrong password (${report.join('; ')})`,
      );
    }
  });
});
