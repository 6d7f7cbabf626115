// How the access stage turns the password provider's technical answers into statuses: 'busy'
// (every hash worker busy, queue full) is a 503 with Retry-After, never 401 or 403, logged only
// when the provider says the burst should be reported; a failed hash check is a 500; a password
// refused for its length is an ordinary 401.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccess, type AccessOutcome, type AuthnPorts } from '../../src/access/check-access.js';
import type { AuthnResult } from '../../src/authn/password-check.js';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { baseConfig, mergeFragment } from '../../src/htaccess/merge.js';
import type { EffectiveConfig } from '../../src/htaccess/effective-config.js';
import type { AllowOverride, OverrideCategory } from '../../src/htaccess/types.js';

const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};

function realm(): EffectiveConfig {
  const compiled = compileAccessFile(
    'AuthType Basic\nAuthName "R"\nAuthUserFile /srv/users\nRequire valid-user\n',
    '/srv/www/.htaccess',
    ALL,
  );
  if (compiled.kind === 'error') assert.fail(compiled.error.message);
  const base = baseConfig({
    options: new Set(),
    directoryIndex: ['index.html'],
    forbiddenOnFailure: true,
    defaultCharset: null,
  });
  return mergeFragment(base, compiled.fragment);
}

async function outcomeFor(result: AuthnResult): Promise<AccessOutcome> {
  const ports: AuthnPorts = {
    serverRoot: '/srv',
    checkPassword: () => Promise.resolve(result),
    loadGroups: () => Promise.resolve(null),
  };
  const authorization = `Basic ${Buffer.from('bob:secret').toString('base64')}`;
  return checkAccess(
    realm(),
    { method: 'GET', clientIp: '127.0.0.1', localIp: '127.0.0.1', authorization, env: new Map() },
    ports,
  );
}

test('busy: 503 with Retry-After, no challenge; logged only when the burst is reported', async () => {
  const quiet = await outcomeFor({ kind: 'busy', retryAfterSeconds: 3 });
  assert.equal(quiet.kind, 'denied');
  if (quiet.kind !== 'denied') return;
  assert.equal(quiet.status, 503);
  assert.equal(quiet.challenge, null, 'never a 401 challenge: the client is not wrong');
  assert.deepEqual(quiet.headers, [['Retry-After', '3']]);
  assert.equal(quiet.logNote, undefined, 'not reported: no log line');
  assert.match(quiet.why, /^503: .*auth\.hash_queue.*retry in 3 s/);
  assert.equal(quiet.steps.at(-1)?.result, 'busy');
  assert.equal(quiet.decidedBy?.text, 'AuthUserFile /srv/users');

  const reported = await outcomeFor({
    kind: 'busy',
    retryAfterSeconds: 1,
    report: { refused: 7, workers: 2, maxQueue: 32 },
  });
  assert.ok(reported.kind === 'denied' && reported.logNote);
  assert.equal(reported.logNote.code, 'HT503');
  assert.equal(reported.logNote.level, 'warn');
  assert.match(reported.logNote.message, /7 since the last report/);
  assert.doesNotMatch(reported.logNote.message, /secret/, 'never the password');
});

test('a failed hash check is a 500 (logged), a file error keeps its own message', async () => {
  const lost = await outcomeFor({
    kind: 'error',
    code: 'EHASH',
    message: 'hash worker exited with code 1',
    during: 'verify',
  });
  assert.ok(lost.kind === 'denied');
  assert.equal(lost.status, 500);
  assert.equal(lost.challenge, null);
  assert.equal(lost.logNote?.code, 'HT010');
  assert.equal(lost.logNote?.level, 'error');
  assert.match(lost.why, /password could not be checked \(hash worker exited with code 1\)/);

  const file = await outcomeFor({ kind: 'error', code: 'ENOENT', message: 'cannot read /srv/users: ENOENT' });
  assert.ok(file.kind === 'denied');
  assert.equal(file.status, 500);
  assert.equal(file.logNote?.code, 'AH01620');
});

test('a password refused for its length is an ordinary 401, and the log says it was not hashed', async () => {
  const long = await outcomeFor({ kind: 'mismatch', refused: 'password-too-long' });
  assert.ok(long.kind === 'denied');
  assert.equal(long.status, 401);
  assert.equal(long.challenge, 'Basic realm="R"');
  assert.equal(long.headers, undefined);
  assert.equal(long.logNote?.code, 'AH01617');
  assert.match(long.logNote?.message ?? '', /not hashed/);

  const unknown = await outcomeFor({ kind: 'user-not-found', refused: 'user-too-long' });
  assert.ok(unknown.kind === 'denied');
  assert.equal(unknown.status, 401);
  assert.equal(unknown.logNote?.code, 'AH01618');
});
