// Attempt limits (src/authn/attempt-limits.ts) on a hand-driven clock, and the access stage that
// uses them (src/access/check-access.ts): who counts as one client, when the lockout starts and
// ends, what resets it, the bound on the table, and that a locked-out client costs no hash at all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attemptClientKey,
  MemoryAttemptLimits,
  type AttemptStart,
  type MemoryTicket,
} from '../../src/authn/attempt-limits.js';
import { checkAccess, type AccessOutcome, type AuthnPorts } from '../../src/access/check-access.js';
import type { AuthnResult } from '../../src/authn/password-check.js';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { baseConfig, mergeFragment } from '../../src/htaccess/merge.js';
import type { EffectiveConfig } from '../../src/htaccess/effective-config.js';
import type { AllowOverride, OverrideCategory } from '../../src/htaccess/types.js';

const SETTINGS = { maxFailures: 3, failureWindowS: 60, lockoutS: 300, maxTracked: 1000 };

function limits(settings = SETTINGS): { l: MemoryAttemptLimits; clock: { t: number } } {
  const clock = { t: 1_000_000 };
  return { l: new MemoryAttemptLimits(settings, () => clock.t), clock };
}

function go(start: AttemptStart<MemoryTicket>) {
  assert.equal(start.kind, 'go', `expected to go ahead, got ${JSON.stringify(start)}`);
  if (start.kind !== 'go') throw new Error('refused');
  return start.ticket;
}

/** One complete wrong-password check; returns the lockout it started, if any. */
function fail(l: MemoryAttemptLimits, ip: string, password: string, realm = 'R\0/u') {
  return go(l.begin(ip, realm, 'bob', password)).finish('failure');
}

test('client keys: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 per /64', () => {
  assert.equal(attemptClientKey('192.0.2.7'), '192.0.2.7');
  assert.equal(attemptClientKey('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(attemptClientKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
  assert.equal(attemptClientKey('2001:0db8:0001:0002:ffff:1:2:3'), '2001:db8:1:2::/64');
  assert.notEqual(attemptClientKey('2001:db8:1:3::1'), attemptClientKey('2001:db8:1:2::1'));
  assert.equal(attemptClientKey('::1'), '0:0:0:0::/64');
});

test('the failure that reaches max_failures starts the lockout (once); then every attempt is refused', () => {
  const { l, clock } = limits();
  assert.equal(fail(l, '192.0.2.1', 'a'), null);
  assert.equal(fail(l, '192.0.2.1', 'b'), null);
  const started = fail(l, '192.0.2.1', 'c');
  assert.deepEqual(started, { client: '192.0.2.1', failures: 3, lockoutSeconds: 300 });
  clock.t += 10_500;
  const refused = l.begin('192.0.2.1', 'R\0/u', 'bob', 'the-right-one');
  assert.equal(refused.kind, 'refused');
  if (refused.kind !== 'refused') return;
  assert.equal(refused.refusal.reason, 'locked');
  assert.equal(refused.refusal.retryAfterSeconds, 290, 'seconds left, rounded up');
  assert.deepEqual(l.lockedOut('192.0.2.1', 'R\0/u'), refused.refusal);
  // Other clients and other realms are not affected; an IPv6 neighbour in another /64 neither.
  assert.equal(l.lockedOut('192.0.2.2', 'R\0/u'), null);
  assert.equal(l.lockedOut('192.0.2.1', 'Other\0/u'), null);
  go(l.begin('192.0.2.2', 'R\0/u', 'bob', 'x')).finish('failure');
  // When the lockout is over, the count starts afresh.
  clock.t += 290_000;
  assert.equal(l.lockedOut('192.0.2.1', 'R\0/u'), null);
  assert.equal(fail(l, '192.0.2.1', 'd'), null);
  assert.equal(fail(l, '192.0.2.1', 'e'), null);
  assert.ok(fail(l, '192.0.2.1', 'f'), 'a new lockout after three new failures');
});

test('IPv6 clients of one /64 share a count; IPv4-mapped addresses count with IPv4', () => {
  const { l } = limits();
  fail(l, '2001:db8:1:2::1', 'a');
  fail(l, '2001:db8:1:2::99', 'b');
  assert.ok(fail(l, '2001:db8:1:2:aaaa::5', 'c'));
  assert.ok(l.lockedOut('2001:db8:1:2::77', 'R\0/u'));
  assert.equal(l.lockedOut('2001:db8:1:3::1', 'R\0/u'), null);
  fail(l, '::ffff:198.51.100.4', 'a');
  fail(l, '198.51.100.4', 'b');
  assert.ok(fail(l, '::ffff:198.51.100.4', 'c'));
  assert.ok(l.lockedOut('198.51.100.4', 'R\0/u'));
});

test('failures older than the window are forgotten; a success resets the count; unknown results do not count', () => {
  const { l, clock } = limits();
  fail(l, '192.0.2.1', 'a');
  fail(l, '192.0.2.1', 'b');
  clock.t += 60_000;
  assert.equal(fail(l, '192.0.2.1', 'c'), null, 'the window of the first two is over');
  fail(l, '192.0.2.1', 'd');
  go(l.begin('192.0.2.1', 'R\0/u', 'bob', 'right')).finish('success');
  assert.equal(l.size, 0, 'nothing left to remember after a success');
  fail(l, '192.0.2.1', 'e');
  fail(l, '192.0.2.1', 'f');
  go(l.begin('192.0.2.1', 'R\0/u', 'bob', 'g')).finish('unknown');
  assert.equal(l.lockedOut('192.0.2.1', 'R\0/u'), null, 'a 503/500 is not a failure');
  assert.ok(fail(l, '192.0.2.1', 'h'));
});

test('checks in flight use up the budget: a burst of distinct guesses gets max_failures hashes, no more', () => {
  const { l } = limits();
  const tickets = ['a', 'b', 'c'].map((p) => go(l.begin('192.0.2.1', 'R\0/u', 'bob', p)));
  const fourth = l.begin('192.0.2.1', 'R\0/u', 'bob', 'd');
  assert.equal(fourth.kind, 'refused');
  if (fourth.kind === 'refused') {
    assert.equal(fourth.refusal.reason, 'in-flight');
    assert.equal(fourth.refusal.inFlight, 3);
    assert.equal(fourth.refusal.retryAfterSeconds, 1);
  }
  // The same guess sent again at once is one guess: it joins, and counts once.
  const again = go(l.begin('192.0.2.1', 'R\0/u', 'bob', 'a'));
  assert.equal(tickets[0]!.finish('failure'), null);
  assert.equal(again.finish('failure'), null, 'counted once');
  assert.equal(tickets[1]!.finish('failure'), null);
  assert.ok(tickets[2]!.finish('failure'), 'the third distinct failure locks');
  assert.equal(tickets[2]!.finish('failure'), null, 'a ticket counts once');
});

test('max_failures = 0 switches it off', () => {
  const { l } = limits({ ...SETTINGS, maxFailures: 0 });
  for (let i = 0; i < 50; i++) assert.equal(fail(l, '192.0.2.1', `p${i}`), null);
  assert.equal(l.lockedOut('192.0.2.1', 'R\0/u'), null);
  assert.equal(l.size, 0);
});

test('an address flood never grows the table past max_tracked_clients', () => {
  const { l } = limits({ ...SETTINGS, maxTracked: 64 });
  for (let i = 0; i < 5000; i++) fail(l, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 'x');
  assert.equal(l.size, 64);
  // The most recent clients are the ones remembered.
  fail(l, '10.0.19.135', 'y');
  assert.ok(fail(l, '10.0.19.135', 'z'), 'the last client of the flood still has its first failure');
});

// --- the access stage ---------------------------------------------------------------------------

const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};

function config(text: string): EffectiveConfig {
  const compiled = compileAccessFile(text, '/srv/www/.htaccess', ALL);
  if (compiled.kind === 'error') assert.fail(compiled.error.message);
  const base = baseConfig({
    options: new Set(),
    directoryIndex: ['index.html'],
    forbiddenOnFailure: true,
    defaultCharset: null,
  });
  return mergeFragment(base, compiled.fragment);
}

const REALM = config('AuthType Basic\nAuthName "R"\nAuthUserFile /srv/users\nRequire valid-user\n');

function stage(attempts: MemoryAttemptLimits) {
  let hashed = 0;
  const ports: AuthnPorts = {
    serverRoot: '/srv',
    checkPassword: (_file, user, password): Promise<AuthnResult> => {
      hashed++;
      return Promise.resolve(user === 'bob' && password === 'right' ? { kind: 'granted', user } : { kind: 'mismatch' });
    },
    loadGroups: () => Promise.resolve(null),
    attempts,
  };
  const ask = (credentials: string | null, clientIp = '192.0.2.1', cfg = REALM): Promise<AccessOutcome> =>
    checkAccess(
      cfg,
      {
        method: 'GET',
        clientIp,
        localIp: '127.0.0.1',
        authorization: credentials === null ? undefined : `Basic ${Buffer.from(credentials).toString('base64')}`,
        env: new Map(),
      },
      ports,
    );
  return { ask, hashed: () => hashed };
}

function statusOf(o: AccessOutcome): number {
  return o.kind === 'allowed' ? 200 : o.status;
}

test('access stage: 429 with Retry-After before any hash, for any credentials or none; public rules never', async () => {
  const { l, clock } = limits();
  const { ask, hashed } = stage(l);
  assert.equal(statusOf(await ask('bob:a')), 401);
  assert.equal(statusOf(await ask('bob:b')), 401);
  const third = await ask('bob:c');
  assert.equal(statusOf(third), 401, 'the failure that starts the lockout is still answered 401');
  assert.ok(third.kind === 'denied' && third.logNote);
  assert.equal(third.logNote.code, 'HT429');
  assert.match(
    third.logNote.message,
    /^client "192\.0\.2\.1" locked out of realm "R" \("\/srv\/users"\) for 300 s after 3 /,
  );
  assert.equal(hashed(), 3);

  clock.t += 1_000;
  for (const credentials of ['bob:right', 'eve:x', null]) {
    const o = await ask(credentials);
    assert.ok(o.kind === 'denied', `${credentials}: denied`);
    assert.equal(o.status, 429);
    assert.equal(o.challenge, null, 'no WWW-Authenticate: credentials would not help');
    assert.deepEqual(o.headers, [['Retry-After', '299']]);
    assert.equal(o.logNote, undefined, 'the lockout was logged once, when it started');
    assert.match(o.why, /^429: too many failed sign-ins from 192\.0\.2\.1 in the realm "R" .*299 more seconds/);
    assert.equal(o.decidedBy?.text, 'auth.max_failures = 3 within auth.failure_window_s = 60 (auth.lockout_s = 300)');
    assert.equal(o.steps.at(-1)?.result, 'too many');
  }
  assert.equal(hashed(), 3, 'no hash computed for a locked-out client');
  assert.equal(statusOf(await ask('bob:right', '192.0.2.2')), 200, 'another client signs in');
  const open = config('Require all granted\n');
  assert.equal(statusOf(await ask(null, '192.0.2.1', open)), 200, 'a public resource is never 429');
});

test('access stage: a remembered right password is refused too while the client is locked out', async () => {
  const { l } = limits();
  const memoPorts: AuthnPorts = {
    serverRoot: '/srv',
    checkPassword: (_f, user, password) =>
      Promise.resolve(password === 'right' ? { kind: 'granted', user } : { kind: 'mismatch' }),
    loadGroups: () => Promise.resolve(null),
    fileVersion: () => REALM, // the same parsed user file throughout: the sign-in is remembered
    attempts: l,
  };
  const req = (credentials: string) => ({
    method: 'GET',
    clientIp: '192.0.2.9',
    localIp: '127.0.0.1',
    authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
    env: new Map<string, string>(),
  });
  assert.equal(statusOf(await checkAccess(REALM, req('bob:right'), memoPorts)), 200);
  for (const p of ['a', 'b', 'c']) assert.equal(statusOf(await checkAccess(REALM, req(`bob:${p}`), memoPorts)), 401);
  assert.equal(statusOf(await checkAccess(REALM, req('bob:right'), memoPorts)), 429, 'whatever credentials it sends');
});

test('a remembered sign-in resets the count like any success, but not a lockout', () => {
  const { l } = limits();
  fail(l, '192.0.2.1', 'a');
  fail(l, '192.0.2.1', 'b');
  assert.equal(l.rememberedSignIn('192.0.2.1', 'R\0/u'), null);
  assert.equal(l.size, 0);
  fail(l, '192.0.2.1', 'c');
  fail(l, '192.0.2.1', 'd');
  assert.ok(fail(l, '192.0.2.1', 'e'));
  assert.equal(l.rememberedSignIn('192.0.2.1', 'R\0/u')?.reason, 'locked');
});
