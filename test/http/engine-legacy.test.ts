// Legacy access control against the real server (docs/apache-behaviour.md §8, §3.3): Order/Allow/Deny
// evaluation, Satisfy Any/All with authentication, the legacy gate in front of Require, and a
// child's legacy lines replacing (not merging with) the parent's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest } from '../helpers/http.js';
import { authLines, expectOutcome, fileBody, folders, makeAuthFiles, type AuthFiles } from '../helpers/engine.js';

const WHO = {
  anon: {} as TestRequest,
  bob: { auth: 'bob:bobpw' } as TestRequest,
  badpw: { auth: 'bob:wrongpw' } as TestRequest,
  from5: { from: '127.0.0.5' } as TestRequest,
  bob5: { from: '127.0.0.5', auth: 'bob:bobpw' } as TestRequest,
} as const;
type Who = keyof typeof WHO;

interface Row {
  dir: string;
  lines: string;
  expect: Partial<Record<Who, number>>;
}
const show = (lines: string): string => lines.trim().replace(/\n/g, ' + ');

describe('legacy Order/Allow/Deny/Satisfy over real HTTP', () => {
  let auth: AuthFiles;
  let root: string;
  let server: TestServer;

  // docs/apache-behaviour.md §8.2 (client 127.0.0.1 as observed, plus 127.0.0.5) and syntax errors (docs/apache-behaviour.md §8.1)
  const evaluation: Row[] = [
    { dir: 'e-ad', lines: 'Order allow,deny', expect: { anon: 403, from5: 403 } },
    { dir: 'e-da', lines: 'Order deny,allow', expect: { anon: 200, from5: 200 } },
    { dir: 'e-ad-both-all', lines: 'Order allow,deny\nAllow from all\nDeny from all', expect: { anon: 403 } },
    {
      dir: 'e-ad-deny-wins',
      lines: 'Order allow,deny\nAllow from 127.0.0.1\nDeny from 127.0.0.0/8',
      expect: { anon: 403, from5: 403 },
    },
    {
      dir: 'e-da-allow-wins',
      lines: 'Order deny,allow\nAllow from 127.0.0.1\nDeny from 127.0.0.0/8',
      expect: { anon: 200, from5: 403 },
    },
    {
      dir: 'e-mutual',
      lines: 'Order mutual-failure\nAllow from 127.0.0.1\nDeny from 10.0.0.1',
      expect: { anon: 200, from5: 403 },
    },
    {
      dir: 'e-mutual-denied',
      lines: 'Order mutual-failure\nAllow from 127.0.0.0/8\nDeny from 127.0.0.5',
      expect: { anon: 200, from5: 403 },
    },
    { dir: 'e-env-not', lines: 'Order allow,deny\nAllow from env=!FOO', expect: { anon: 200 } },
    { dir: 'e-env', lines: 'Order allow,deny\nAllow from env=FOO', expect: { anon: 403 } },
    { dir: 'e-deny-all', lines: 'Deny from all', expect: { anon: 403, from5: 403 } },
    {
      dir: 'e-line-order',
      lines: 'Allow from 127.0.0.1\nDeny from all\nOrder Deny,Allow',
      expect: { anon: 200, from5: 403 },
    },
    { dir: 'e-partial', lines: 'Order allow,deny\nAllow from 127.0.0 10.1', expect: { anon: 200, from5: 200 } },
    {
      dir: 'e-netmask',
      lines: 'Order allow,deny\nAllow from 127.0.0.4/255.255.255.252',
      expect: { anon: 403, from5: 200 },
    },
    { dir: 'e-case', lines: 'ORDER ALLOW,DENY\nallow FROM 127.0.0.5', expect: { anon: 403, from5: 200 } },
    { dir: 'x-order-space', lines: 'Order allow, deny', expect: { anon: 500 } },
    { dir: 'x-order-unknown', lines: 'Order deny-allow', expect: { anon: 500 } },
    { dir: 'x-no-from', lines: 'Allow 127.0.0.1', expect: { anon: 500 } },
    { dir: 'x-comment', lines: 'Order deny,allow\nDeny from 10.0.0.1 # comment', expect: { anon: 500 } },
    { dir: 'x-satisfy', lines: 'Satisfy Maybe', expect: { anon: 500 } },
    { dir: 'x-bad-ip', lines: 'Allow from 127.0.0.1/33', expect: { anon: 500 } },
  ];

  // docs/apache-behaviour.md §8.4 with the AUTH lines
  const satisfy: Row[] = [
    { dir: 's-any-user', lines: 'Satisfy Any\nRequire valid-user', expect: { anon: 200, bob: 200, badpw: 200 } },
    { dir: 's-any-denied', lines: 'Satisfy any\nRequire all denied', expect: { anon: 200, bob: 200 } },
    {
      dir: 's-ad-any-user',
      lines: 'Order allow,deny\nSatisfy Any\nRequire valid-user',
      expect: { anon: 401, bob: 200, badpw: 401 },
    },
    {
      dir: 's-ad-allow-me-any',
      lines: 'Order allow,deny\nAllow from 127.0.0.1\nSatisfy Any\nRequire valid-user',
      expect: { anon: 200, bob: 200, from5: 401, bob5: 200 },
    },
    {
      dir: 's-ad-allow-other-any',
      lines: 'Order allow,deny\nAllow from 10.0.0.1\nSatisfy Any\nRequire valid-user',
      expect: { anon: 401, bob: 200 },
    },
    {
      dir: 's-ad-allow-other-all',
      lines: 'Order allow,deny\nAllow from 10.0.0.1\nSatisfy All\nRequire valid-user',
      expect: { anon: 403, bob: 403 },
    },
    {
      dir: 's-password-or-ip',
      lines: 'Order deny,allow\nDeny from all\nAllow from 127.0.0.5\nSatisfy Any\nRequire valid-user',
      expect: { anon: 401, bob: 200, from5: 200 },
    },
    {
      dir: 's-da-deny-all-any-user',
      lines: 'Order deny,allow\nDeny from all\nSatisfy Any\nRequire valid-user',
      expect: { anon: 401, bob: 200 },
    },
    {
      dir: 's-da-deny-all-any-denied',
      lines: 'Order deny,allow\nDeny from all\nSatisfy Any\nRequire all denied',
      expect: { anon: 403, bob: 403 },
    },
    { dir: 's-allow-all-user', lines: 'Allow from all\nRequire valid-user', expect: { anon: 401, bob: 200 } },
    {
      dir: 's-all-user-ip',
      lines: 'Order deny,allow\nDeny from all\nAllow from 127.0.0.1\nSatisfy All\nRequire valid-user',
      expect: { anon: 401, bob: 200, bob5: 403 },
    },
  ];

  before(async () => {
    auth = await makeAuthFiles();
    const AUTH = authLines(auth);
    const tree: Record<string, string> = {};
    for (const r of evaluation) tree[r.dir] = `${r.lines}\n`;
    for (const r of satisfy) tree[r.dir] = `${AUTH}${r.lines}\n`;
    Object.assign(tree, {
      // docs/apache-behaviour.md §8.3 the legacy gate and Require are independent
      'gate-deny': 'Order deny,allow\nDeny from all\n',
      'gate-deny/require-granted': 'Require all granted\n',
      'gate-authz-denied': 'Require all denied\n',
      'gate-authz-denied/allow-all': 'Order allow,deny\nAllow from all\n',
      'gate-allowed-authz-user': `${AUTH}Order allow,deny\nAllow from 127.0.0.1\nRequire valid-user\n`,
      // docs/apache-behaviour.md §3.3 replacement, not merge
      rp: 'Order deny,allow\nDeny from all\n',
      'rp/allow-10': 'Allow from 10.0.0.0/8\n',
      'rp/options-only': 'Options -Indexes\n',
      'rp/order-only': 'Order allow,deny\n',
      'rp/allow-10/grand': '# nothing\n',
      'rp/options-only/allow-5': 'Order allow,deny\nAllow from 127.0.0.5\n',
      sa: `${AUTH}Satisfy Any\nRequire valid-user\n`,
      'sa/deny-10': 'Deny from 10.0.0.1\n',
      'sa/require-only': 'Require user bob\n',
      'sa/options-only': 'Options -Indexes\n',
    });
    root = await makeTree(folders(tree));
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(auth.dir);
  });

  const run = (rows: readonly Row[], label: (r: Row) => string): void => {
    for (const row of rows) {
      for (const [who, status] of Object.entries(row.expect) as Array<[Who, number]>) {
        it(`answers ${status} to ${who} for ${label(row)}`, async () => {
          const res = await fetchRaw(server.url, `/${row.dir}/f.txt`, WHO[who]);
          assert.equal(res.status, status, `${row.dir} as ${who}`);
          expectOutcome(res, { status, body: status === 200 ? fileBody(row.dir) : undefined }, `${row.dir} as ${who}`);
        });
      }
    }
  };

  describe('Order/Allow/Deny evaluation (docs/apache-behaviour.md §8.2) and syntax (docs/apache-behaviour.md §8.1)', () => {
    run(evaluation, (r) => show(r.lines));
  });

  describe('Satisfy Any/All with authentication (docs/apache-behaviour.md §8.4)', () => {
    run(satisfy, (r) => `AUTH + ${show(r.lines)}`);
  });

  describe('the legacy gate and Require are independent (docs/apache-behaviour.md §8.3)', () => {
    run(
      [
        {
          dir: 'gate-deny/require-granted',
          lines: 'parent Deny from all, child Require all granted',
          expect: { anon: 403, from5: 403 },
        },
        {
          dir: 'gate-authz-denied/allow-all',
          lines: 'parent Require all denied, child Order allow,deny + Allow from all',
          expect: { anon: 403 },
        },
        {
          dir: 'gate-allowed-authz-user',
          lines: 'Allow from 127.0.0.1 and Require valid-user (Satisfy All: both)',
          expect: { anon: 401, bob: 200, bob5: 403, from5: 403 },
        },
      ],
      (r) => r.lines,
    );
  });

  describe("a child's legacy lines replace the parent's entirely (docs/apache-behaviour.md §3.3)", () => {
    run(
      [
        { dir: 'rp', lines: 'the parent Order deny,allow + Deny from all', expect: { anon: 403 } },
        {
          dir: 'rp/allow-10',
          lines: "a child with only Allow from 10.0.0.0/8 (the parent's Deny is gone: open to all)",
          expect: { anon: 200, from5: 200 },
        },
        {
          dir: 'rp/allow-10/grand',
          lines: 'a grandchild of that child (inherits the replaced rules)',
          expect: { anon: 200 },
        },
        {
          dir: 'rp/options-only',
          lines: 'a child with only Options -Indexes (inherits the Deny)',
          expect: { anon: 403, from5: 403 },
        },
        {
          dir: 'rp/options-only/allow-5',
          lines: 'a grandchild Order allow,deny + Allow from 127.0.0.5',
          expect: { anon: 403, from5: 200 },
        },
        {
          dir: 'rp/order-only',
          lines: 'a child with only Order allow,deny (default deny, no rules)',
          expect: { anon: 403 },
        },
        { dir: 'sa', lines: 'the parent AUTH + Satisfy Any + Require valid-user (open)', expect: { anon: 200 } },
        {
          dir: 'sa/deny-10',
          lines: 'a child Deny from 10.0.0.1 (Satisfy reset to All: the password is needed)',
          expect: { anon: 401, bob: 200 },
        },
        {
          dir: 'sa/require-only',
          lines: 'a child Require user bob (Satisfy Any still inherited: open)',
          expect: { anon: 200 },
        },
        {
          dir: 'sa/options-only',
          lines: 'a child with only Options -Indexes (Satisfy Any inherited)',
          expect: { anon: 200, badpw: 200 },
        },
      ],
      (r) => r.lines,
    );
  });
});
