// The Require tree: four-valued logic (docs/apache-behaviour.md §6.2), the observed 401/403 matrix
// (docs/apache-behaviour.md §6.5), <Limit> (docs/apache-behaviour.md §6.6), AuthMerging
// (docs/apache-behaviour.md §3.2), providers, trace and decidedBy.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RequireContainer } from '../../src/htaccess/types.js';
import type { AuthzResult } from '../../src/authz/types.js';
import {
  appliesToMethod,
  canonicalMethod,
  evaluateRequire,
  forwardDnsNames,
  treeMentionsUser,
  treeNeedsHostName,
} from '../../src/authz/require-eval.js';
import { mergeAuthz, unionMethods } from '../../src/authz/merge-authz.js';
import { all, any, block, limit, limitExcept, none, request, requireStatus, rq, top } from './authz-fixtures.js';

const WHO = ['anon', 'bob', 'sam', 'badpw'] as const;

describe('docs/apache-behaviour.md §6.5 401 vs 403 matrix (AUTH in the same .htaccess, client 127.0.0.1)', () => {
  // [description, tree, [anon, bob, sam, bad pw], forbiddenOnFailure]
  const rows: [string, () => RequireContainer, [number, number, number, number], boolean?][] = [
    ['Require valid-user', () => top('Require valid-user'), [401, 200, 200, 401]],
    ['Require user bob', () => top('Require user bob'), [401, 200, 401, 401]],
    ['Require group admins', () => top('Require group admins'), [401, 200, 401, 401]],
    ['Require user Bob', () => top('Require user Bob'), [401, 401, 401, 401]],
    ['ip 10.0.0.1 + valid-user', () => top('Require ip 10.0.0.1', 'Require valid-user'), [401, 200, 200, 401]],
    ['ip 127.0.0.1 + valid-user', () => top('Require ip 127.0.0.1', 'Require valid-user'), [200, 200, 200, 200]],
    ['all denied + valid-user', () => top('Require all denied', 'Require valid-user'), [401, 200, 200, 401]],
    ['all granted + valid-user', () => top('Require all granted', 'Require valid-user'), [200, 200, 200, 200]],
    [
      '<RequireAll> ip 10.0.0.1, valid-user',
      () => top(all('Require ip 10.0.0.1', 'Require valid-user')),
      [403, 403, 403, 403],
    ],
    [
      '<RequireAll> ip 127.0.0.1, valid-user',
      () => top(all('Require ip 127.0.0.1', 'Require valid-user')),
      [401, 200, 200, 401],
    ],
    [
      '<RequireAll> not ip 127.0.0.1, valid-user',
      () => top(all('Require not ip 127.0.0.1', 'Require valid-user')),
      [403, 403, 403, 403],
    ],
    [
      '<RequireAll> valid-user, not user sam',
      () => top(all('Require valid-user', 'Require not user sam')),
      [401, 200, 401, 401],
    ],
    [
      '<RequireAll> valid-user, not group admins',
      () => top(all('Require valid-user', 'Require not group admins')),
      [401, 401, 200, 401],
    ],
    [
      '<RequireAll> all granted, not user sam',
      () => top(all('Require all granted', 'Require not user sam')),
      [200, 200, 200, 200],
    ],
    [
      '<RequireAll> all granted, <RequireNone> ip 10.0.0.1, user sam',
      () => top(all('Require all granted', none('Require ip 10.0.0.1', 'Require user sam'))),
      [200, 200, 200, 200],
    ],
    ['Require all denied', () => top('Require all denied'), [403, 403, 403, 403]],
    ['Require method POST (GET request)', () => top('Require method POST'), [403, 403, 403, 403]],
    ['AuthzSendForbiddenOnFailure On + Require user bob', () => top('Require user bob'), [401, 200, 403, 401], true],
  ];
  for (const [name, tree, expected, forbiddenOnFailure] of rows) {
    it(name, () => {
      const root = tree();
      const got = WHO.map((who) => requireStatus(root, who, { forbiddenOnFailure }));
      assert.deepEqual(got, expected);
    });
  }

  it('httpd-tests authz_core.t: <RequireAll> group user1, group user2, env 1, env 2', () => {
    const root = top(all('Require group user1', 'Require group user2', 'Require env ENV1', 'Require env ENV2'));
    const groups = { user1: ['user1'], user2: ['user2'] };
    const both = new Map([
      ['ENV1', '1'],
      ['ENV2', '1'],
    ]);
    const one = new Map([['ENV1', '1']]);
    // Both envs set: the env checks grant, the groups need a user → 401 after login as user1.
    assert.equal(requireStatus(root, 'user1', { env: both, groups }), 401);
    // Only env 1: ENV2 denies without a user, so the AND is denied before authentication → 403.
    assert.equal(requireStatus(root, 'user1', { env: one, groups }), 403);
    assert.equal(requireStatus(root, 'anon', { env: one, groups }), 403);
    assert.equal(requireStatus(root, 'anon', { env: both, groups }), 401);
  });
});

describe('docs/apache-behaviour.md §6.6 <Limit> / <LimitExcept> (anon, AUTH present)', () => {
  const methods = ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT'] as const;
  // PUT shows 405 in the observed table: authorization lets it through (200 here), the static
  // handler then refuses the method.
  const rows: [string, () => RequireContainer, [number, number, number, number, number]][] = [
    ['<Limit POST> Require valid-user', () => top(limit(['POST'], 'Require valid-user')), [200, 200, 401, 200, 200]],
    [
      '<LimitExcept GET> Require valid-user',
      () => top(limitExcept(['GET'], 'Require valid-user')),
      [200, 200, 401, 401, 401],
    ],
    ['<Limit GET> Require valid-user', () => top(limit(['GET'], 'Require valid-user')), [401, 401, 200, 200, 200]],
    ['<Limit GET> Require all denied', () => top(limit(['GET'], 'Require all denied')), [403, 403, 200, 200, 200]],
    [
      'Require all granted + <Limit POST> Require all denied',
      () => top('Require all granted', limit(['POST'], 'Require all denied')),
      [200, 200, 200, 200, 200],
    ],
    [
      '<Limit HEAD> Require valid-user (HEAD is GET)',
      () => top(limit(['HEAD'], 'Require valid-user')),
      [401, 401, 200, 200, 200],
    ],
  ];
  for (const [name, tree, expected] of rows) {
    it(name, () => {
      const root = tree();
      const got = methods.map((method) => requireStatus(root, 'anon', { method }));
      assert.deepEqual(got, expected);
    });
  }

  it('a node limited to other methods is granted under AND and neutral under OR', () => {
    const postOnly = () => limit(['POST'], 'Require all denied')[0]!;
    const r = (root: RequireContainer) => evaluateRequire(root, request({ method: 'GET' })).result;
    // Under AND: counts as granted (so the AND of it alone grants).
    assert.equal(r(top(all(postOnly()))), 'granted');
    assert.equal(r(top(all(postOnly(), 'Require valid-user'))), 'denied-no-user');
    // Under OR: neutral (so it cannot grant on its own, and does not deny either).
    // (its OR parent must itself apply, hence an unlimited neutral sibling)
    assert.equal(r(top(all(any(postOnly(), all('Require not all denied'))))), 'neutral');
    // A container whose every child is limited to other methods is itself limited to them.
    assert.equal(r(top(any(postOnly()))), 'granted');
    assert.equal(r(top(any(postOnly(), 'Require all denied'))), 'denied');
    // The root itself sits under an AND.
    assert.equal(r(top(postOnly())), 'granted');
  });

  it('a negated node limited to other methods is not negated (the method check comes first)', () => {
    const root = top(all('Require all granted', ...limit(['POST'], 'Require not ip 127.0.0.1')));
    assert.equal(evaluateRequire(root, request({ method: 'GET' })).result, 'granted');
    assert.equal(evaluateRequire(root, request({ method: 'POST' })).result, 'denied');
  });
});

describe('docs/apache-behaviour.md §6.2 four-valued logic of containers', () => {
  // Leaves that produce each value on the first pass (no user), client 127.0.0.1:
  const G = 'Require all granted';
  const D = 'Require all denied';
  const U = 'Require valid-user'; // denied-no-user
  const N = () => limit(['POST'], D)[0]!; // neutral inside an OR (GET request)
  const Nand = () => all('Require not all denied'); // a RequireAll whose only child is neutral → neutral
  const res = (root: RequireContainer): AuthzResult => evaluateRequire(root, request()).result;

  const rows: [string, () => RequireContainer, AuthzResult][] = [
    ['Any(G)', () => top(any(G)), 'granted'],
    ['Any(D, G)', () => top(any(D, G)), 'granted'],
    ['Any(D, U)', () => top(any(D, U)), 'denied-no-user'],
    ['Any(U, D)', () => top(any(U, D)), 'denied-no-user'],
    ['Any(D)', () => top(any(D)), 'denied'],
    ['Any(N, Nand)', () => top(all(any(N(), Nand()))), 'neutral'],
    ['Any(N, D)', () => top(any(N(), D)), 'denied'],
    ['All(G, G)', () => top(all(G, G)), 'granted'],
    ['All(G, U)', () => top(all(G, U)), 'denied-no-user'],
    ['All(U, G)', () => top(all(U, G)), 'denied-no-user'],
    ['All(U, D)', () => top(all(U, D)), 'denied'],
    ['All(G, D, U)', () => top(all(G, D, U)), 'denied'],
    ['All(Nand, G)', () => top(all(Nand(), G)), 'granted'],
    ['All(Nand, Nand)', () => top(all(Nand(), Nand())), 'neutral'],
    [
      'RequireAll with only negations → neutral',
      () => top(all('Require not ip 10.0.0.1', 'Require not user sam')),
      'neutral',
    ],
    [
      'RequireAll with only negations, one matching → denied',
      () => top(all('Require not ip 127.0.0.1', 'Require not user sam')),
      'denied',
    ],
    ['not granted → denied', () => top(all(G, 'Require not all granted')), 'denied'],
    ['not denied → neutral', () => top(all('Require not all denied')), 'neutral'],
    ['not denied-no-user → neutral', () => top(all('Require not valid-user')), 'neutral'],
    ['None(D) → neutral', () => top(all(none(D))), 'neutral'],
    ['None(G) → denied', () => top(all(G, none(D, G))), 'denied'],
    ['All(G, None(U)) → granted (None(U) is neutral)', () => top(all(G, none(U))), 'granted'],
    ['nested Any in All', () => top(all(any(D, G), G)), 'granted'],
    ['nested All in Any', () => top(any(all(G, D), U)), 'denied-no-user'],
    ['empty top level → neutral', () => top(), 'neutral'],
  ];
  for (const [name, tree, want] of rows) it(name, () => assert.equal(res(tree()), want));

  it('AND stops at the first denial and OR at the first grant (later nodes are not traced)', () => {
    const and = evaluateRequire(top(all('Require all denied', 'Require valid-user')), request());
    assert.deepEqual(
      and.trace.map((s) => s.text),
      ['(top level)', '<RequireAll>', 'Require all denied'],
    );
    const or = evaluateRequire(top('Require ip 127.0.0.1', 'Require valid-user'), request());
    assert.deepEqual(
      or.trace.map((s) => s.text),
      ['(top level)', 'Require ip 127.0.0.1'],
    );
  });
});

describe('providers', () => {
  const res = (line: string, over: Parameters<typeof request>[0] = {}) =>
    evaluateRequire(top(all(rq(line))), request(over)).result;

  it('all / valid-user / user / group', () => {
    assert.equal(res('Require all granted'), 'granted');
    assert.equal(res('Require all denied'), 'denied');
    assert.equal(res('Require valid-user'), 'denied-no-user');
    assert.equal(res('Require valid-user', { user: 'x' }), 'granted');
    assert.equal(res('Require user bob alice'), 'denied-no-user');
    assert.equal(res('Require user bob alice', { user: 'alice' }), 'granted');
    assert.equal(res('Require user bob', { user: 'BOB' }), 'denied'); // case-sensitive
    assert.equal(res('Require group admins'), 'denied-no-user');
    const groups = new Set(['admins']);
    assert.equal(res('Require group staff Admins', { user: 'bob', groups }), 'granted'); // case-insensitive
    assert.equal(res('Require group staff', { user: 'bob', groups }), 'denied');
    assert.equal(res('Require group admins', { user: 'bob', groups: null }), 'denied'); // no group file
  });

  it('ip (several per line is an OR), host, local, forward-dns', () => {
    assert.equal(res('Require ip 10.1 127.0.0.1'), 'granted');
    assert.equal(res('Require ip 10.1 192.168.0.0/16'), 'denied');
    assert.equal(res('Require ip 127.0.0.1', { clientIp: '::1' }), 'denied');
    assert.equal(res('Require ip ::1', { clientIp: '::1' }), 'granted');
    assert.equal(res('Require host example.com', { clientHostName: 'www.example.com' }), 'granted');
    assert.equal(res('Require host example.com', { clientHostName: 'badexample.com' }), 'denied');
    assert.equal(res('Require host localhost', { clientHostName: null }), 'denied');
    assert.equal(res('Require host 127.0.0.1', { clientHostName: 'localhost' }), 'denied');
    assert.equal(res('Require local'), 'granted');
    assert.equal(res('Require local', { clientIp: '::1', localIp: '::1' }), 'granted');
    assert.equal(res('Require local', { clientIp: '192.168.1.5', localIp: '192.168.1.5' }), 'granted');
    assert.equal(res('Require local', { clientIp: '192.168.1.6', localIp: '192.168.1.5' }), 'denied');
    const forwardDns = new Map([['home.example.net', ['10.9.8.7', '2001:db8::7']]]);
    assert.equal(res('Require forward-dns home.example.net', { clientIp: '10.9.8.7', forwardDns }), 'granted');
    assert.equal(res('Require forward-dns home.example.net', { clientIp: '2001:DB8:0::7', forwardDns }), 'granted');
    assert.equal(res('Require forward-dns home.example.net', { clientIp: '10.9.8.6', forwardDns }), 'denied');
    assert.equal(res('Require forward-dns other.example.net', { clientIp: '10.9.8.7', forwardDns }), 'denied');
  });

  it('method (HEAD counts as GET) and env (set with any value)', () => {
    assert.equal(res('Require method GET', { method: 'HEAD' }), 'granted');
    assert.equal(res('Require method HEAD', { method: 'GET' }), 'granted');
    assert.equal(res('Require method GET POST', { method: 'POST' }), 'granted');
    assert.equal(res('Require method POST', { method: 'GET' }), 'denied');
    assert.equal(res('Require env A B', { env: new Map([['B', '']]) }), 'granted');
    assert.equal(res('Require env A'), 'denied');
  });

  it('canonicalMethod / appliesToMethod', () => {
    assert.equal(canonicalMethod('HEAD'), 'GET');
    assert.equal(canonicalMethod('post'), 'POST');
    assert.equal(appliesToMethod(null, 'DELETE'), true);
    assert.equal(appliesToMethod(new Set(['GET']), 'HEAD'), true);
    assert.equal(appliesToMethod(new Set(['HEAD']), 'GET'), true);
    assert.equal(appliesToMethod(new Set(['POST']), 'GET'), false);
  });
});

describe('trace and decidedBy', () => {
  it('granted: the granting leaf', () => {
    const out = evaluateRequire(top('Require ip 10.0.0.1', 'Require ip 127.0.0.1'), request());
    assert.equal(out.result, 'granted');
    assert.equal(out.decidedBy?.text, 'Require ip 127.0.0.1');
    assert.deepEqual(
      out.trace.map((s) => [s.text, s.result, s.depth]),
      [
        ['(top level)', 'granted', 0],
        ['Require ip 10.0.0.1', 'denied', 1],
        ['Require ip 127.0.0.1', 'granted', 1],
      ],
    );
  });

  it('denied: the denying leaf, with its file:line', () => {
    const leaf = rq('Require ip 10.0.0.1');
    const out = evaluateRequire(top(all('Require valid-user', leaf)), request());
    assert.equal(out.result, 'denied');
    assert.deepEqual(out.decidedBy && { loc: out.decidedBy.loc, text: out.decidedBy.text }, {
      loc: leaf.loc,
      text: leaf.text,
    });
  });

  it('denied-no-user: the first user-requiring leaf', () => {
    const out = evaluateRequire(top('Require all denied', 'Require user bob', 'Require group admins'), request());
    assert.equal(out.result, 'denied-no-user');
    assert.equal(out.decidedBy?.text, 'Require user bob');
    const out2 = evaluateRequire(
      top(all('Require all granted', 'Require group admins', 'Require valid-user')),
      request(),
    );
    assert.equal(out2.decidedBy?.text, 'Require group admins');
  });

  it('a negation that denies is explained by the negated rule', () => {
    const out = evaluateRequire(top(all('Require all granted', 'Require not ip 127.0.0.0/8')), request());
    assert.equal(out.decidedBy?.text, 'Require not ip 127.0.0.0/8');
    assert.equal(out.decidedBy?.result, 'denied');
    const out2 = evaluateRequire(top(all('Require all granted', none('Require ip 127.0.0.1'))), request());
    assert.equal(out2.decidedBy?.text, '<RequireNone>');
  });

  it('neutral: the container that came out neutral', () => {
    const out = evaluateRequire(top(all('Require not ip 10.0.0.1')), request());
    assert.equal(out.result, 'neutral');
    assert.equal(out.decidedBy?.text, '(top level)');
  });

  it('a rule limited to other methods is traced as not-applicable and explains a grant', () => {
    const out = evaluateRequire(top(limit(['POST'], 'Require valid-user')), request({ method: 'GET' }));
    assert.equal(out.result, 'granted');
    assert.equal(out.decidedBy?.result, 'not-applicable');
    assert.deepEqual(
      out.trace.map((s) => s.result),
      ['not-applicable'],
    );
    // In an AND, a real grant is preferred over a not-applicable one as the explanation.
    const out2 = evaluateRequire(top(all(...limit(['POST'], 'Require valid-user'), 'Require ip 127.0.0.1')), request());
    assert.equal(out2.decidedBy?.text, 'Require ip 127.0.0.1');
  });
});

describe('docs/apache-behaviour.md §3.2 AuthMerging', () => {
  const parent = () => top('Require group admins');
  const status = (root: RequireContainer) => WHO.map((who) => requireStatus(root, who));

  it('Off (default): the child replaces the parent', () => {
    assert.deepEqual(status(mergeAuthz(parent(), block(top('Require all granted')))), [200, 200, 200, 200]);
    assert.deepEqual(status(mergeAuthz(parent(), block(top('Require valid-user')))), [401, 200, 200, 401]); // sam now allowed
  });

  it('And: parent AND child (group admins AND user sam → nobody passes)', () => {
    const merged = mergeAuthz(parent(), block(top('Require user sam'), 'and'));
    assert.equal(merged.kind, 'all');
    assert.deepEqual(status(merged), [401, 401, 401, 401]);
  });

  it('Or: parent OR child (group admins OR ip 127.0.0.1 → anon 200)', () => {
    const merged = mergeAuthz(parent(), block(top('Require ip 127.0.0.1'), 'or'));
    assert.equal(merged.kind, 'any');
    assert.deepEqual(status(merged), [200, 200, 200, 200]);
    const merged2 = mergeAuthz(parent(), block(top('Require ip 10.0.0.1'), 'or'));
    assert.deepEqual(status(merged2), [401, 200, 401, 401]);
  });

  it('no parent rules: the child stands alone', () => {
    const child = top('Require valid-user');
    assert.equal(mergeAuthz(null, block(child, 'and')), child);
    assert.equal(mergeAuthz(null, block(child, 'or')), child);
  });

  it('AuthMerging And|Or without Require lines leaves the parent unchanged', () => {
    const p = parent();
    assert.equal(mergeAuthz(p, block(top(), 'and')), p);
    assert.equal(mergeAuthz(p, block(top(), 'or')), p);
  });

  it('AuthMerging is not inherited: a grandchild with Off replaces the merged rules', () => {
    const merged = mergeAuthz(parent(), block(top('Require user sam'), 'and'));
    const grandchild = mergeAuthz(merged, block(top('Require user sam')));
    assert.deepEqual(status(grandchild), [401, 401, 200, 401]);
  });

  it('the merged node applies wherever either side applies', () => {
    const p = top(limit(['POST'], 'Require valid-user'));
    const merged = mergeAuthz(p, block(top(limit(['PUT'], 'Require all denied')), 'and'));
    assert.deepEqual([...(merged.methods ?? [])].sort(), ['POST', 'PUT']);
    assert.equal(requireStatus(merged, 'anon', { method: 'GET' }), 200);
    assert.equal(requireStatus(merged, 'anon', { method: 'POST' }), 401);
    assert.equal(requireStatus(merged, 'anon', { method: 'PUT' }), 403);
    assert.equal(unionMethods(null, new Set(['GET'])), null);
  });
});

describe('what the caller must look up before evaluating', () => {
  it('treeNeedsHostName / forwardDnsNames / treeMentionsUser', () => {
    const root = top(
      'Require ip 10.1',
      all('Require not host bad.example', 'Require forward-dns a.example b.example'),
      'Require forward-dns a.example',
    );
    assert.equal(treeNeedsHostName(root), true);
    assert.deepEqual(forwardDnsNames(root), ['a.example', 'b.example']);
    assert.equal(treeMentionsUser(root), false);
    const plain = top('Require ip 10.1', 'Require group admins');
    assert.equal(treeNeedsHostName(plain), false);
    assert.deepEqual(forwardDnsNames(plain), []);
    assert.equal(treeMentionsUser(plain), true);
  });
});
