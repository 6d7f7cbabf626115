// Authorization against the real server (docs/apache-behaviour.md §6, §3.2): the 401-vs-403 matrix with
// forbidden_on_failure on (htserve's default) and off (Apache's), <Limit>/<LimitExcept>, the
// `Require ip` forms, nested Require containers, AuthMerging across folders and
// AuthzSendForbiddenOnFailure per folder.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest, type TestResponse } from '../helpers/http.js';
import {
  authLines,
  CLIENTS,
  expectOutcome,
  fetchV6,
  fileBody,
  folders,
  makeAuthFiles,
  type AuthFiles,
} from '../helpers/engine.js';

const PEOPLE = {
  ...CLIENTS,
  alice: { auth: 'alice:alicepw' } as TestRequest,
  carl: { auth: 'carl:carlpw' } as TestRequest,
  /** anonymous, from another loopback address */
  from5: { from: '127.0.0.5' } as TestRequest,
  bob5: { from: '127.0.0.5', auth: 'bob:bobpw' } as TestRequest,
  sam5: { from: '127.0.0.5', auth: 'sam:sampw' } as TestRequest,
} as const;
type Person = keyof typeof PEOPLE;

interface Row {
  dir: string;
  why: string;
  expect: Partial<Record<Person, number>>;
}

/** One test per (row, client): status, challenge and body of `/<dir>/f.txt`. */
function matrix(server: () => TestServer, rows: readonly Row[], label = ''): void {
  for (const row of rows) {
    for (const [who, status] of Object.entries(row.expect) as Array<[Person, number]>) {
      it(`answers ${status} to ${who} for ${row.why}${label}`, async () => {
        const res = await fetchRaw(server().url, `/${row.dir}/f.txt`, PEOPLE[who]);
        expectOutcome(res, { status, body: status === 200 ? fileBody(row.dir) : undefined }, `${row.dir} as ${who}`);
      });
    }
  }
}

// docs/apache-behaviour.md §6.5, as observed on Apache: [anon, bob, sam, bob with a bad password]
const APACHE_MATRIX: Array<{ block: string; apache: [number, number, number, number] }> = [
  { block: 'Require valid-user', apache: [401, 200, 200, 401] },
  { block: 'Require user bob', apache: [401, 200, 401, 401] },
  { block: 'Require group admins', apache: [401, 200, 401, 401] },
  { block: 'Require user Bob', apache: [401, 401, 401, 401] },
  { block: 'Require ip 10.0.0.1\nRequire valid-user', apache: [401, 200, 200, 401] },
  { block: 'Require ip 127.0.0.1\nRequire valid-user', apache: [200, 200, 200, 200] },
  { block: 'Require all denied\nRequire valid-user', apache: [401, 200, 200, 401] },
  { block: 'Require all granted\nRequire valid-user', apache: [200, 200, 200, 200] },
  { block: '<RequireAll>\n  Require ip 10.0.0.1\n  Require valid-user\n</RequireAll>', apache: [403, 403, 403, 403] },
  { block: '<RequireAll>\n  Require ip 127.0.0.1\n  Require valid-user\n</RequireAll>', apache: [401, 200, 200, 401] },
  {
    block: '<RequireAll>\n  Require not ip 127.0.0.1\n  Require valid-user\n</RequireAll>',
    apache: [403, 403, 403, 403],
  },
  { block: '<RequireAll>\n  Require valid-user\n  Require not user sam\n</RequireAll>', apache: [401, 200, 401, 401] },
  {
    block: '<RequireAll>\n  Require valid-user\n  Require not group admins\n</RequireAll>',
    apache: [401, 401, 200, 401],
  },
  { block: '<RequireAll>\n  Require all granted\n  Require not user sam\n</RequireAll>', apache: [200, 200, 200, 200] },
  {
    block:
      '<RequireAll>\n  Require all granted\n' +
      '  <RequireNone>\n    Require ip 10.0.0.1\n    Require user sam\n  </RequireNone>\n</RequireAll>',
    apache: [200, 200, 200, 200],
  },
  { block: 'Require all denied', apache: [403, 403, 403, 403] },
  { block: 'Require method POST', apache: [403, 403, 403, 403] },
  { block: 'AuthzSendForbiddenOnFailure On\nRequire user bob', apache: [401, 200, 403, 401] },
];
const MATRIX_CLIENTS = ['anon', 'bob', 'sam', 'badpw'] as const;
const oneLine = (block: string): string => block.replace(/\n\s*/g, ' / ');

/** htserve's declared difference: a user who signed in correctly and still fails gets 403. */
function withForbiddenOnFailure(apache: readonly number[]): number[] {
  return apache.map((s, i) => ((MATRIX_CLIENTS[i] === 'bob' || MATRIX_CLIENTS[i] === 'sam') && s === 401 ? 403 : s));
}

/** `Require ip` lines and their outcome from 127.0.0.1, 127.0.0.5 and (optionally) ::1. */
const IP_FORMS: Array<{ rule: string; expect: [number, number]; v6?: number; todo?: string }> = [
  { rule: 'Require ip 127.0.0.1', expect: [200, 403], v6: 403 },
  { rule: 'Require ip 127', expect: [200, 200] },
  { rule: 'Require ip 127.0', expect: [200, 200] },
  { rule: 'Require ip 127.', expect: [200, 200] },
  { rule: 'Require ip 127.0.0.0/8', expect: [200, 200], v6: 403 },
  { rule: 'Require ip 127.0.0.1/32', expect: [200, 403] },
  { rule: 'Require ip 127.0.0.5/8', expect: [200, 200] },
  { rule: 'Require ip 127.0.0.4/31', expect: [403, 200] },
  { rule: 'Require ip 127.0.0.0/255.0.0.0', expect: [200, 200] },
  { rule: 'Require ip 127.0.0.1/255.0.255.0', expect: [200, 200] },
  { rule: 'Require ip 127.0.0.5/255.255.255.255', expect: [403, 200] },
  { rule: 'Require ip 10.1 127.0.0.1', expect: [200, 403] },
  { rule: 'Require ip 10.1', expect: [403, 403] },
  { rule: 'Require ip 10.0.0.1\nRequire ip 127.0.0.5', expect: [403, 200] },
  { rule: 'Require ip ::1', expect: [403, 403], v6: 200 },
  { rule: 'Require ip 0:0:0:0:0:0:0:1', expect: [403, 403], v6: 200 },
  { rule: 'Require ip ::1/64', expect: [403, 403], v6: 200 },
  { rule: 'Require ip fe80::/10', expect: [403, 403], v6: 403 },
  { rule: 'Require local', expect: [200, 200], v6: 200 },
  { rule: 'Require host 127.0.0.1', expect: [403, 403] },
  { rule: 'Require host localhost', expect: [200, 403] },
  { rule: 'Require host example.invalid', expect: [403, 403] },
  { rule: 'Require forward-dns localhost', expect: [200, 403] },
  { rule: 'SetEnvIf Remote_Addr "^127\\.0\\.0\\.5$" FROM5\nRequire env FROM5', expect: [403, 200] },
  { rule: 'Require ip 127.*', expect: [500, 500] },
  { rule: 'Require ip foo', expect: [500, 500] },
  { rule: 'Require ip 300.1.1.1', expect: [500, 500] },
  { rule: 'Require ip 10.0.0.0/33', expect: [500, 500] },
  { rule: 'Require ip 0.0.0.0/0', expect: [500, 500] },
  { rule: 'Require ip ::/0', expect: [500, 500] },
  { rule: 'Require ip ::1/129', expect: [500, 500] },
  { rule: 'Require ip [::1]', expect: [500, 500] },
  { rule: 'Require ip 127/8', expect: [500, 500] },
  { rule: 'Require ip ::ffff:127.0.0.1', expect: [500, 500] },
  { rule: 'Require ip 10.0.0.1 # comment', expect: [500, 500] },
  { rule: 'Require ip', expect: [500, 500] },
];

describe('authorization: Require over real HTTP', () => {
  let auth: AuthFiles;
  let root: string;
  let server: TestServer; // forbidden_on_failure = true (default)
  let apacheLike: TestServer; // forbidden_on_failure = false
  let v6: TestServer | null = null;

  before(async () => {
    auth = await makeAuthFiles();
    const AUTH = authLines(auth);
    const tree: Record<string, string> = {};
    APACHE_MATRIX.forEach((row, i) => {
      tree[`m${i}`] = `${AUTH}${row.block}\n`;
    });
    Object.assign(tree, {
      // docs/apache-behaviour.md §6.6
      'limit-post': `${AUTH}<Limit POST>\n  Require valid-user\n</Limit>\n`,
      'limitexcept-get': `${AUTH}<LimitExcept GET>\n  Require valid-user\n</LimitExcept>\n`,
      'limit-get': `${AUTH}<Limit GET>\n  Require valid-user\n</Limit>\n`,
      'limit-get-denied': `${AUTH}<Limit GET>\n  Require all denied\n</Limit>\n`,
      'granted-limit-post-denied': `${AUTH}Require all granted\n<Limit POST>\n  Require all denied\n</Limit>\n`,
      // nesting
      'any-nested':
        '<RequireAny>\n  Require ip 10.0.0.1\n  <RequireAny>\n    Require ip 127.0.0.1\n  </RequireAny>\n</RequireAny>\n',
      'all-any':
        `${AUTH}<RequireAll>\n  Require ip 127.0.0.0/8\n` +
        '  <RequireAny>\n    Require user bob\n    Require group staff\n  </RequireAny>\n</RequireAll>\n',
      'all-none':
        `${AUTH}<RequireAll>\n  Require valid-user\n` +
        '  <RequireNone>\n    Require user sam\n    Require ip 10.0.0.1\n  </RequireNone>\n</RequireAll>\n',
      'all-negations': '<RequireAll>\n  Require not ip 10.0.0.1\n  Require not ip 10.0.0.2\n</RequireAll>\n',
      'all-but-me':
        '<RequireAll>\n  Require all granted\n  <RequireNone>\n    Require ip 127.0.0.1\n  </RequireNone>\n</RequireAll>\n',
      'loopback-but-5':
        '<RequireAll>\n  Require ip 127.0.0.0/8\n  <RequireNone>\n    Require ip 127.0.0.5\n  </RequireNone>\n</RequireAll>\n',
      'any-all-any':
        '<RequireAny>\n  <RequireAll>\n    Require ip 127.0.0.5\n' +
        '    <RequireAny>\n      Require ip 10.0.0.1\n      Require local\n    </RequireAny>\n' +
        '  </RequireAll>\n  Require ip 10.0.0.2\n</RequireAny>\n',
      'group-and-env':
        `${AUTH}SetEnvIf Remote_Addr "^127\\.0\\.0\\.5$" FROM5\n` +
        '<RequireAll>\n  Require group admins\n  Require env FROM5\n</RequireAll>\n',
      'method-get': 'Require method GET\n',
      'lone-not': 'Require not ip 10.0.0.1\n',
      'top-none': '<RequireNone>\n  Require ip 10.0.0.1\n</RequireNone>\n',
      'not-in-any': '<RequireAny>\n  Require all granted\n  Require not ip 10.0.0.1\n</RequireAny>\n',
      'none-in-any':
        '<RequireAny>\n  Require all granted\n  <RequireNone>\n    Require ip 10.0.0.1\n  </RequireNone>\n</RequireAny>\n',
      'empty-all': '<RequireAll>\n</RequireAll>\n',
      'unclosed-all': '<RequireAll>\n  Require all granted\n',
      'stray-close': 'Require all granted\n</RequireAll>\n',
      // AuthMerging (docs/apache-behaviour.md §3.2)
      am: `${AUTH}Require group admins\n`,
      'am/off': 'Require valid-user\n',
      'am/granted': 'Require all granted\n',
      'am/and': 'AuthMerging And\nRequire user sam\n',
      'am/and-bob': 'AuthMerging And\nRequire user bob\n',
      'am/and-bob/inherit': 'Options -Indexes\n',
      'am/and-bob/not-inherited': 'Require valid-user\n',
      'am/or': 'AuthMerging Or\nRequire ip 127.0.0.1\n',
      'am/or/not-inherited': 'Require user sam\n',
      'am/and-only': 'AuthMerging And\n',
      'am/or-only': 'AuthMerging Or\n',
      'am/options-only': 'Options -Indexes\n',
      // AuthzSendForbiddenOnFailure per folder
      'fof-on': `${AUTH}AuthzSendForbiddenOnFailure On\nRequire user bob\n`,
      'fof-on/child': '# nothing but a comment\n',
      'fof-on/replaced': 'Require user carl\n',
      'fof-on/off': 'AuthzSendForbiddenOnFailure Off\n',
      'fof-off': `${AUTH}AuthzSendForbiddenOnFailure Off\nRequire user bob\n`,
      'fof-off/child': '# nothing but a comment\n',
      'fof-off/on': 'AuthzSendForbiddenOnFailure On\n',
    });
    IP_FORMS.forEach((row, i) => {
      tree[`ip${i}`] = `${row.rule}\n`;
    });
    root = await makeTree(folders(tree));
    server = await startServer(root);
    apacheLike = await startServer(root, { set: ['access.forbidden_on_failure=false'] });
    try {
      v6 = await startServer(root, { args: ['--host', '::1'] });
      if (!v6.url.includes('[::1]')) {
        await v6.stop();
        v6 = null;
      }
    } catch {
      v6 = null; // no IPv6 loopback here: the IPv6 rows are skipped
    }
  });
  after(async () => {
    await server?.stop();
    await apacheLike?.stop();
    await v6?.stop();
    await removeTree(root);
    await removeTree(auth.dir);
  });

  describe('the 401-vs-403 matrix (docs/apache-behaviour.md §6.5)', () => {
    APACHE_MATRIX.forEach((row, i) => {
      const ours = withForbiddenOnFailure(row.apache);
      MATRIX_CLIENTS.forEach((who, c) => {
        it(`answers ${ours[c]} to ${who} for ${oneLine(row.block)} (forbidden_on_failure on, the default)`, async () => {
          const status = ours[c]!;
          const res = await fetchRaw(server.url, `/m${i}/f.txt`, CLIENTS[who]);
          expectOutcome(res, { status, body: status === 200 ? fileBody(`m${i}`) : undefined }, `m${i} as ${who}`);
        });
        it(`answers ${row.apache[c]} to ${who} for ${oneLine(row.block)} (forbidden_on_failure off, as Apache)`, async () => {
          const status = row.apache[c]!;
          const res = await fetchRaw(apacheLike.url, `/m${i}/f.txt`, CLIENTS[who]);
          expectOutcome(res, { status, body: status === 200 ? fileBody(`m${i}`) : undefined }, `m${i} as ${who}`);
        });
      });
    });
  });

  describe('<Limit> and <LimitExcept> (docs/apache-behaviour.md §6.6): POST/PUT on an existing file are 405 once access passes', () => {
    const METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT'] as const;
    // Apache's observed row, then htserve's (POST refused with 405 after access control)
    const rows: Array<{ dir: string; block: string; anon: number[]; bob: number[] }> = [
      {
        dir: 'm0',
        block: 'Require valid-user (no <Limit>: every method, OPTIONS included)',
        anon: [401, 401, 401, 401, 401],
        bob: [200, 200, 405, 200, 405],
      },
      {
        dir: 'method-get',
        block: 'Require method GET (HEAD counts as GET)',
        anon: [200, 200, 403, 403, 403],
        bob: [200, 200, 403, 403, 403],
      },
      {
        dir: 'limit-post',
        block: '<Limit POST> Require valid-user',
        anon: [200, 200, 401, 200, 405],
        bob: [200, 200, 405, 200, 405],
      },
      {
        dir: 'limitexcept-get',
        block: '<LimitExcept GET> Require valid-user',
        anon: [200, 200, 401, 401, 401],
        bob: [200, 200, 405, 200, 405],
      },
      {
        dir: 'limit-get',
        block: '<Limit GET> Require valid-user',
        anon: [401, 401, 405, 200, 405],
        bob: [200, 200, 405, 200, 405],
      },
      {
        dir: 'limit-get-denied',
        block: '<Limit GET> Require all denied',
        anon: [403, 403, 405, 200, 405],
        bob: [403, 403, 405, 200, 405],
      },
      {
        dir: 'granted-limit-post-denied',
        block: 'Require all granted + <Limit POST> Require all denied',
        anon: [200, 200, 405, 200, 405],
        bob: [200, 200, 405, 200, 405],
      },
    ];
    for (const row of rows) {
      for (const who of ['anon', 'bob'] as const) {
        METHODS.forEach((method, m) => {
          const status = row[who][m]!;
          it(`answers ${status} to ${method} from ${who} for ${row.block}`, async () => {
            const res = await fetchRaw(server.url, `/${row.dir}/f.txt`, { ...CLIENTS[who], method });
            expectMethodOutcome(res, method, status, row.dir);
          });
        });
      }
    }
  });

  describe('Require ip forms (docs/apache-behaviour.md §6.3), from 127.0.0.1 and 127.0.0.5', () => {
    IP_FORMS.forEach((row, i) => {
      const [from1, from5] = row.expect;
      it(
        `answers ${from1} from 127.0.0.1 and ${from5} from 127.0.0.5 for ${oneLine(row.rule)}`,
        row.todo ? { todo: row.todo } : {},
        async () => {
          for (const [from, status] of [
            ['127.0.0.1', from1],
            ['127.0.0.5', from5],
          ] as const) {
            const res = await fetchRaw(server.url, `/ip${i}/f.txt`, { from });
            expectOutcome(
              res,
              { status, body: status === 200 ? fileBody(`ip${i}`) : undefined },
              `${row.rule} from ${from}`,
            );
          }
        },
      );
    });
  });

  describe('Require ip from the IPv6 loopback ::1 (optional)', () => {
    IP_FORMS.forEach((row, i) => {
      if (row.v6 === undefined) return;
      it(`answers ${row.v6} from ::1 for ${oneLine(row.rule)}`, async (t) => {
        if (!v6) return t.skip('the server cannot listen on ::1 here');
        const res = await fetchV6(v6.url, `/ip${i}/f.txt`);
        expectOutcome(
          res,
          { status: row.v6!, body: row.v6 === 200 ? fileBody(`ip${i}`) : undefined },
          `${row.rule} from ::1`,
        );
      });
    });
  });

  describe('RequireAll / RequireAny / RequireNone nesting (docs/apache-behaviour.md §6.2)', () => {
    matrix(
      () => server,
      [
        {
          dir: 'any-nested',
          why: 'a RequireAny nested in a RequireAny (ip 10.0.0.1 or ip 127.0.0.1)',
          expect: { anon: 200, from5: 403 },
        },
        {
          dir: 'all-any',
          why: 'RequireAll(ip 127/8, RequireAny(user bob, group staff))',
          expect: { anon: 401, bob: 200, sam: 200, carl: 200, alice: 403, badpw: 401 },
        },
        {
          dir: 'all-none',
          why: 'RequireAll(valid-user, RequireNone(user sam, ip 10.0.0.1))',
          expect: { anon: 401, bob: 200, sam: 403, badpw: 401 },
        },
        {
          dir: 'all-negations',
          why: 'a RequireAll of negations only (never grants)',
          expect: { anon: 403, bob: 403, from5: 403 },
        },
        {
          dir: 'all-but-me',
          why: 'RequireAll(all granted, RequireNone(ip 127.0.0.1))',
          expect: { anon: 403, from5: 200 },
        },
        {
          dir: 'loopback-but-5',
          why: 'RequireAll(ip 127/8, RequireNone(ip 127.0.0.5))',
          expect: { anon: 200, from5: 403 },
        },
        {
          dir: 'any-all-any',
          why: 'RequireAny(RequireAll(ip 127.0.0.5, RequireAny(ip 10.0.0.1, local)), ip 10.0.0.2)',
          expect: { anon: 403, from5: 200 },
        },
        {
          dir: 'group-and-env',
          why: 'RequireAll(group admins, env FROM5) from 127.0.0.1 (decided without a user: 403, no challenge)',
          expect: { anon: 403, bob: 403 },
        },
        {
          dir: 'group-and-env',
          why: 'RequireAll(group admins, env FROM5) from 127.0.0.5',
          expect: { from5: 401, bob5: 200, sam5: 403 },
        },
        {
          dir: 'lone-not',
          why: 'a lone Require not (500: negation at the top level)',
          expect: { anon: 500, bob: 500 },
        },
        { dir: 'top-none', why: 'a top-level RequireNone (500)', expect: { anon: 500 } },
        { dir: 'not-in-any', why: 'Require not inside RequireAny (500)', expect: { anon: 500 } },
        { dir: 'none-in-any', why: 'RequireNone inside RequireAny (500)', expect: { anon: 500 } },
        { dir: 'empty-all', why: 'an empty RequireAll (500)', expect: { anon: 500 } },
        { dir: 'unclosed-all', why: 'an unclosed RequireAll (500)', expect: { anon: 500 } },
        { dir: 'stray-close', why: 'a stray </RequireAll> (500)', expect: { anon: 500 } },
      ],
    );
  });

  describe('AuthMerging across folders (docs/apache-behaviour.md §3.2), parent am/ = Require group admins', () => {
    matrix(
      () => server,
      [
        { dir: 'am', why: 'the parent itself', expect: { anon: 401, bob: 200, alice: 200, sam: 403 } },
        {
          dir: 'am/off',
          why: 'a child Require valid-user (AuthMerging Off replaces and widens)',
          expect: { anon: 401, sam: 200, bob: 200 },
        },
        {
          dir: 'am/granted',
          why: 'a child Require all granted (replaces: open to all)',
          expect: { anon: 200, badpw: 200 },
        },
        {
          dir: 'am/and',
          why: 'a child AuthMerging And + Require user sam (nobody passes both)',
          expect: { anon: 401, bob: 403, sam: 403, badpw: 401 },
        },
        {
          dir: 'am/and-bob',
          why: 'a child AuthMerging And + Require user bob',
          expect: { anon: 401, bob: 200, alice: 403, sam: 403 },
        },
        {
          dir: 'am/and-bob/inherit',
          why: 'a grandchild with no authz directives (inherits admins AND bob)',
          expect: { bob: 200, alice: 403 },
        },
        {
          dir: 'am/and-bob/not-inherited',
          why: 'a grandchild Require valid-user (AuthMerging And is not inherited)',
          expect: { sam: 200, anon: 401 },
        },
        {
          dir: 'am/or',
          why: 'a child AuthMerging Or + Require ip 127.0.0.1',
          expect: { anon: 200, from5: 401, sam: 200 },
        },
        {
          dir: 'am/or/not-inherited',
          why: 'a grandchild Require user sam (AuthMerging Or is not inherited)',
          expect: { anon: 401, sam: 200, bob: 403 },
        },
        {
          dir: 'am/and-only',
          why: 'a child with AuthMerging And and no Require (parent unchanged)',
          expect: { anon: 401, bob: 200, sam: 403 },
        },
        {
          dir: 'am/or-only',
          why: 'a child with AuthMerging Or and no Require (parent unchanged)',
          expect: { anon: 401, bob: 200, sam: 403 },
        },
        {
          dir: 'am/options-only',
          why: "a child with only Options -Indexes (inherits the parent's Require)",
          expect: { anon: 401, alice: 200, sam: 403 },
        },
      ],
    );
  });

  describe('AuthzSendForbiddenOnFailure per folder, inherited apart from the Require rules (docs/apache-behaviour.md §3.2)', () => {
    matrix(
      () => apacheLike,
      [
        {
          dir: 'fof-on',
          why: 'AuthzSendForbiddenOnFailure On + Require user bob',
          expect: { anon: 401, bob: 200, sam: 403, badpw: 401 },
        },
        { dir: 'fof-on/child', why: 'a child of an On folder with no directives', expect: { anon: 401, sam: 403 } },
        {
          dir: 'fof-on/replaced',
          why: 'a child of an On folder that replaces Require (user carl)',
          expect: { carl: 200, sam: 403, bob: 403 },
        },
        { dir: 'fof-on/off', why: 'a child of an On folder that says Off', expect: { sam: 401, bob: 200 } },
      ],
      ' with forbidden_on_failure=false',
    );
    matrix(
      () => server,
      [
        {
          dir: 'fof-off',
          why: 'AuthzSendForbiddenOnFailure Off + Require user bob',
          expect: { anon: 401, bob: 200, sam: 401, badpw: 401 },
        },
        { dir: 'fof-off/child', why: 'a child of an Off folder with no directives', expect: { sam: 401 } },
        { dir: 'fof-off/on', why: 'a child of an Off folder that says On', expect: { sam: 403, bob: 200 } },
      ],
      ' with forbidden_on_failure=true',
    );
  });
});

/** A response to GET/HEAD/POST/OPTIONS/PUT: 405 and OPTIONS carry htserve's Allow list. */
function expectMethodOutcome(res: TestResponse, method: string, status: number, dir: string): void {
  const what = `${method} /${dir}/f.txt`;
  if (method === 'OPTIONS' && status === 200) {
    assert.equal(res.status, 200, `${what}: status (body: ${res.body.slice(0, 200)})`);
    assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS', `${what}: Allow`);
    assert.equal(res.headers['www-authenticate'], undefined, `${what}: no challenge`);
    assert.equal(res.raw.length, 0, `${what}: empty body`);
    return;
  }
  expectOutcome(res, { status, body: status === 200 ? fileBody(dir) : undefined }, what, method);
  if (status === 405) assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS', `${what}: Allow`);
  if (method === 'HEAD' && status === 200)
    assert.equal(res.headers['content-length'], String(Buffer.byteLength(fileBody(dir))), `${what}: Content-Length`);
}
