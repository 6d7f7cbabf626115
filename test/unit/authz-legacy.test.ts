// Legacy Order/Allow/Deny/Satisfy (docs/apache-behaviour.md §8.2, §8.3, §8.4) and its replacement
// semantics (docs/apache-behaviour.md §3.3).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LegacyAccess } from '../../src/htaccess/types.js';
import { evaluateLegacy, legacyNeedsHostName, satisfyAny } from '../../src/authz/legacy-eval.js';
import { accessStatus, all, hostRule, legacy, top, type LegacySpec } from './authz-fixtures.js';

const ask = (l: LegacyAccess, over: Partial<Parameters<typeof evaluateLegacy>[1]> = {}) =>
  evaluateLegacy(l, { method: 'GET', clientIp: '127.0.0.1', clientHostName: null, env: new Map(), ...over });

describe('docs/apache-behaviour.md §8.2 Order / Allow / Deny (client 127.0.0.1)', () => {
  const rows: [string, LegacySpec, number][] = [
    ['Order allow,deny alone', { order: 'allow,deny' }, 403],
    ['Order deny,allow alone', { order: 'deny,allow' }, 200],
    [
      'allow,deny + Allow from all + Deny from all',
      { order: 'allow,deny', allow: ['from all'], deny: ['from all'] },
      403,
    ],
    [
      'allow,deny + Allow 127.0.0.1 + Deny 127.0.0.0/8',
      { order: 'allow,deny', allow: ['from 127.0.0.1'], deny: ['from 127.0.0.0/8'] },
      403,
    ],
    [
      'deny,allow + Allow 127.0.0.1 + Deny 127.0.0.0/8',
      { order: 'deny,allow', allow: ['from 127.0.0.1'], deny: ['from 127.0.0.0/8'] },
      200,
    ],
    [
      'mutual-failure + Allow 127.0.0.1 + Deny 10.0.0.1',
      { order: 'mutual-failure', allow: ['from 127.0.0.1'], deny: ['from 10.0.0.1'] },
      200,
    ],
    ['allow,deny + Allow from env=!FOO', { order: 'allow,deny', allow: ['from env=!FOO'] }, 200],
    ['Deny from all (no Order)', { deny: ['from all'] }, 403],
    // more of the same logic
    ['no Order, no rules (the default: deny,allow)', {}, 200],
    [
      'mutual-failure + Allow 127.0.0.1 + Deny 127.0.0.0/8',
      { order: 'mutual-failure', allow: ['from 127.0.0.1'], deny: ['from 127.0.0.0/8'] },
      403,
    ],
    ['mutual-failure + Allow 10.0.0.1', { order: 'mutual-failure', allow: ['from 10.0.0.1'] }, 403],
    ['mutual-failure alone', { order: 'mutual-failure' }, 403],
    [
      'deny,allow + Deny from all + Allow from 10.1',
      { order: 'deny,allow', deny: ['from all'], allow: ['from 10.1'] },
      403,
    ],
    [
      'deny,allow + Deny from all + Allow from 127',
      { order: 'deny,allow', deny: ['from all'], allow: ['from 127'] },
      200,
    ],
    [
      'allow,deny + Allow from 127 + Deny from 10.0.0.0/8',
      { order: 'allow,deny', allow: ['from 127'], deny: ['from 10.0.0.0/8'] },
      200,
    ],
    ['allow,deny + Allow from env=FOO (unset)', { order: 'allow,deny', allow: ['from env=FOO'] }, 403],
    [
      'Allow from 10.0.0.0/8 only (child after a parent Deny from all: replaced, docs/apache-behaviour.md §3.3)',
      { allow: ['from 10.0.0.0/8'] },
      200,
    ],
  ];
  for (const [name, spec, want] of rows) {
    it(name, () => assert.equal(ask(legacy(spec)).allowed ? 200 : 403, want));
  }

  it('line order is irrelevant: all Allow lines form one group, all Deny lines another', () => {
    const a = legacy({ order: 'allow,deny', allow: ['from 10.0.0.1', 'from 127.0.0.1'], deny: ['from 192.168.0.1'] });
    const b = legacy({ order: 'allow,deny', allow: ['from 127.0.0.1', 'from 10.0.0.1'], deny: ['from 192.168.0.1'] });
    assert.equal(ask(a).allowed, true);
    assert.equal(ask(b).allowed, true);
  });

  it('env=VAR matches when set with any value, env=!VAR when unset', () => {
    const l = legacy({ order: 'allow,deny', allow: ['from env=OK'] });
    assert.equal(ask(l, { env: new Map([['OK', '']]) }).allowed, true);
    assert.equal(ask(l).allowed, false);
    const n = legacy({ order: 'deny,allow', deny: ['from env=!OK'] });
    assert.equal(ask(n).allowed, false);
    assert.equal(ask(n, { env: new Map([['OK', '1']]) }).allowed, true);
  });

  it('host rules match the verified client name on label boundaries', () => {
    const l = legacy({ order: 'allow,deny', allow: ['from example.com'] });
    assert.equal(ask(l, { clientHostName: 'www.example.com' }).allowed, true);
    assert.equal(ask(l, { clientHostName: 'badexample.com' }).allowed, false);
    assert.equal(ask(l, { clientHostName: null }).allowed, false);
  });

  it('IPv4 rules never match an IPv6 client', () => {
    const l = legacy({ order: 'allow,deny', allow: ['from 127.0.0.1'] });
    assert.equal(ask(l, { clientIp: '::1' }).allowed, false);
    assert.equal(ask(legacy({ order: 'allow,deny', allow: ['from ::1'] }), { clientIp: '::1' }).allowed, true);
  });

  it('rules limited to other methods are ignored (HEAD counts as GET)', () => {
    const l = legacy({ order: 'deny,allow', deny: [hostRule('from all', new Set(['POST']))] });
    assert.equal(ask(l, { method: 'GET' }).allowed, true);
    assert.equal(ask(l, { method: 'POST' }).allowed, false);
    const g = legacy({ order: 'deny,allow', deny: [hostRule('from all', new Set(['GET']))] });
    assert.equal(ask(g, { method: 'HEAD' }).allowed, false);
    assert.equal(ask(g, { method: 'OPTIONS' }).allowed, true);
  });
});

describe('decidedBy and trace', () => {
  it('the matching rule that won', () => {
    const l = legacy({ order: 'deny,allow', deny: ['from all'], allow: ['from 10.1', 'from 127.0.0.1'] });
    const out = ask(l);
    assert.equal(out.allowed, true);
    assert.equal(out.decidedBy?.text, 'from 127.0.0.1');
    assert.deepEqual(out.decidedBy?.loc, l.allow[1]!.loc);
    // deny,allow checks Deny first; each group stops at its first match.
    assert.deepEqual(
      out.trace.map((t) => [t.text, t.matched]),
      [
        ['from all', true],
        ['from 10.1', false],
        ['from 127.0.0.1', true],
      ],
    );
  });

  it('a Deny that wins under allow,deny', () => {
    const l = legacy({ order: 'allow,deny', allow: ['from all'], deny: ['from 127.0.0.0/8'] });
    const out = ask(l);
    assert.equal(out.allowed, false);
    assert.equal(out.decidedBy?.text, 'from 127.0.0.0/8');
  });

  it('the Order default when nothing matched', () => {
    const l = legacy({ order: 'allow,deny', allow: ['from 10.0.0.1'] });
    const out = ask(l);
    assert.equal(out.allowed, false);
    assert.deepEqual(out.decidedBy, { loc: l.order!.loc, text: 'Order allow,deny' });
    const d = legacy({ deny: ['from 10.0.0.1'] });
    const out2 = ask(d);
    assert.equal(out2.allowed, true);
    assert.deepEqual(out2.decidedBy, { loc: d.loc, text: 'Order deny,allow (default)' });
  });

  it('mutual-failure without a matching Allow is decided by the Order', () => {
    const l = legacy({ order: 'mutual-failure', allow: ['from 10.0.0.1'] });
    assert.equal(ask(l).decidedBy?.text, 'Order mutual-failure');
  });
});

describe('docs/apache-behaviour.md §8.4 Satisfy Any combined with Require (statuses for anon / bob)', () => {
  const rows: [string, LegacySpec, () => ReturnType<typeof top>, [number, number]][] = [
    ['Satisfy Any + Require valid-user', { satisfy: 'any' }, () => top('Require valid-user'), [200, 200]],
    ['Satisfy any + Require all denied', { satisfy: 'any' }, () => top('Require all denied'), [200, 200]],
    [
      'Order allow,deny + Satisfy Any + Require valid-user',
      { order: 'allow,deny', satisfy: 'any' },
      () => top('Require valid-user'),
      [401, 200],
    ],
    [
      'Order allow,deny + Allow from 127.0.0.1 + Satisfy Any + Require valid-user',
      { order: 'allow,deny', allow: ['from 127.0.0.1'], satisfy: 'any' },
      () => top('Require valid-user'),
      [200, 200],
    ],
    [
      'Order allow,deny + Allow from 10.0.0.1 + Satisfy Any + Require valid-user',
      { order: 'allow,deny', allow: ['from 10.0.0.1'], satisfy: 'any' },
      () => top('Require valid-user'),
      [401, 200],
    ],
    [
      'Order allow,deny + Allow from 10.0.0.1 + Satisfy All + Require valid-user',
      { order: 'allow,deny', allow: ['from 10.0.0.1'], satisfy: 'all' },
      () => top('Require valid-user'),
      [403, 403],
    ],
    [
      'Order deny,allow + Deny from all + Satisfy Any + Require valid-user ("password OR ip")',
      { order: 'deny,allow', deny: ['from all'], satisfy: 'any' },
      () => top('Require valid-user'),
      [401, 200],
    ],
    [
      'Order deny,allow + Deny from all + Satisfy Any + Require all denied',
      { order: 'deny,allow', deny: ['from all'], satisfy: 'any' },
      () => top('Require all denied'),
      [403, 403],
    ],
    [
      'Allow from all + Require valid-user (no Order, no Satisfy)',
      { allow: ['from all'] },
      () => top('Require valid-user'),
      [401, 200],
    ],
  ];
  for (const [name, spec, tree, expected] of rows) {
    it(name, () => {
      const l = legacy(spec);
      const root = tree();
      assert.deepEqual([accessStatus(l, root, 'anon'), accessStatus(l, root, 'bob')], expected);
    });
  }

  it('docs/apache-behaviour.md §8.3 Satisfy All: both gates must allow', () => {
    // Parent Deny from all + child Require all granted → 403 (legacy inherited untouched).
    assert.equal(
      accessStatus(legacy({ order: 'deny,allow', deny: ['from all'] }), top('Require all granted'), 'anon'),
      403,
    );
    // Parent Require all denied is not lifted by a child Allow from all.
    assert.equal(accessStatus(legacy({ allow: ['from all'] }), top('Require all denied'), 'anon'), 403);
    // A RequireAll that denies without a user is 403 even when the legacy gate allows.
    assert.equal(accessStatus(null, top(all('Require ip 10.0.0.1', 'Require valid-user')), 'bob'), 403);
  });

  it('satisfyAny reads the Satisfy in force (absent = All)', () => {
    assert.equal(satisfyAny(null), false);
    assert.equal(satisfyAny(legacy({})), false);
    assert.equal(satisfyAny(legacy({ satisfy: 'all' })), false);
    assert.equal(satisfyAny(legacy({ satisfy: 'any' })), true);
  });
});

describe('legacyNeedsHostName', () => {
  it('only when some Allow/Deny names a host', () => {
    assert.equal(legacyNeedsHostName(null), false);
    assert.equal(legacyNeedsHostName(legacy({ allow: ['from 10.1', 'from env=X', 'from all'] })), false);
    assert.equal(legacyNeedsHostName(legacy({ deny: ['from .example.com'] })), true);
  });
});
