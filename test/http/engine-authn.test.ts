// Basic authentication against the real server (docs/apache-behaviour.md §5): every htpasswd hash format,
// the htpasswd file format, malformed Authorization headers, the realm in the challenge, the
// configuration outcome table, "credentials are only checked if needed", and user files edited
// while the server runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NO_HTPASSWD } from '../helpers/binaries.js';
import { isRoot, makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest } from '../helpers/http.js';
import {
  authLines,
  CLIENTS,
  fileBody,
  folders,
  htpasswdLine,
  makeAuthFiles,
  opensslHash,
  expectOutcome,
  type AuthFiles,
  type ClientName,
} from '../helpers/engine.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** bcrypt from htpasswd -B, relabelled: $2a$/$2b$ use the same algorithm as $2y$. */
function bcryptAs(prefix: '$2a$' | '$2b$', user: string, password: string): string {
  return htpasswdLine('B', user, password).replace('$2y$', prefix);
}

describe('authentication: hash formats, the user file, the Authorization header and the realm', () => {
  let auth: AuthFiles;
  let root: string;
  let server: TestServer;
  const samHash = (): string => htpasswdLine('s', 'x', 'sampw').slice(2);

  before(async () => {
    const extraUsers = [
      bcryptAs('$2a$', 'y2a', 'y2apw'),
      bcryptAs('$2b$', 'y2b', 'y2bpw'),
      `md5:${opensslHash('1', 'md5pw')}`,
      `sha256:${opensslHash('5', 'sha256pw')}`,
      `sha512:${opensslHash('6', 'sha512pw')}`,
      htpasswdLine('d', 'des8', 'abcdefghXYZ'),
      `shalower:${samHash().replace('{SHA}', '{sha}')}`,
      'empty:',
      htpasswdLine('B', 'colon', 'a:b'),
      htpasswdLine('B', 'long', 'x'.repeat(80)),
      // the file format (docs/apache-behaviour.md §5.5)
      '# a comment line, then an empty one',
      '',
      `   ${htpasswdLine('B', 'indented', 'indentedpw')}   `,
      `${htpasswdLine('m', 'crlf', 'crlfpw')}\r`,
      htpasswdLine('B', 'dup', 'firstpw'),
      htpasswdLine('B', 'dup', 'secondpw'),
      htpasswdLine('m', 'spaced ', 'spacedpw'),
      `${htpasswdLine('s', 'extra', 'extrapw')}:ignored:fields`,
    ].join('\n');
    auth = await makeAuthFiles();
    await fs.appendFile(auth.users, `${extraUsers}\n`);
    const realm = (name: string): string =>
      `AuthType Basic\nAuthName ${name}\nAuthUserFile ${auth.users}\nRequire valid-user\n`;
    root = await makeTree({
      ...folders({
        h: `${authLines(auth)}Require valid-user\n`,
        'realm-bare': realm('Bare'),
        'realm-double': realm('"Members Only"'),
        'realm-single': realm("'single quoted'"),
        'realm-quotes': realm(`'say "hi" there'`),
        'realm-escaped': realm('"a \\"quoted\\" word"'),
        'realm-utf8': realm('"Zoë"'),
      }),
    });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(auth.dir);
  });

  // docs/apache-behaviour.md §5.6: who, password, what the stored value is, and the outcome
  const hashes: Array<{ user: string; password: string; stored: string; status: 200 | 401 }> = [
    { user: 'bob', password: 'bobpw', stored: '$2y$ bcrypt (htpasswd -B)', status: 200 },
    { user: 'bob', password: 'bobpw ', stored: '$2y$ bcrypt, with a trailing space added', status: 401 },
    { user: 'y2a', password: 'y2apw', stored: '$2a$ bcrypt', status: 200 },
    { user: 'y2b', password: 'y2bpw', stored: '$2b$ bcrypt', status: 200 },
    { user: 'y2b', password: 'y2apw', stored: '$2b$ bcrypt, with another password', status: 401 },
    { user: 'alice', password: 'alicepw', stored: '$apr1$ MD5 (htpasswd -m)', status: 200 },
    { user: 'alice', password: 'alicepW', stored: '$apr1$ MD5, with the case of one letter changed', status: 401 },
    { user: 'sam', password: 'sampw', stored: '{SHA} (htpasswd -s)', status: 200 },
    { user: 'sam', password: 'samp', stored: '{SHA}, with a prefix of the password', status: 401 },
    { user: 'shalower', password: 'sampw', stored: '{sha} in lower case (the prefix is case-sensitive)', status: 401 },
    { user: 'carl', password: 'carlpw', stored: 'DES crypt (htpasswd -d)', status: 200 },
    { user: 'des8', password: 'abcdefghXYZ', stored: 'DES crypt of an 11-character password', status: 200 },
    { user: 'des8', password: 'abcdefgh', stored: 'DES crypt, given only the first 8 characters', status: 200 },
    { user: 'des8', password: 'abcdefghQQQ', stored: 'DES crypt, given other characters after the 8th', status: 200 },
    { user: 'des8', password: 'abcdefg', stored: 'DES crypt, given only 7 characters', status: 401 },
    { user: 'md5', password: 'md5pw', stored: '$1$ md5crypt (openssl passwd -1)', status: 200 },
    { user: 'sha256', password: 'sha256pw', stored: '$5$ SHA-256 crypt (openssl passwd -5)', status: 200 },
    { user: 'sha256', password: 'sha512pw', stored: '$5$ SHA-256 crypt, with another password', status: 401 },
    { user: 'sha512', password: 'sha512pw', stored: '$6$ SHA-512 crypt (openssl passwd -6)', status: 200 },
    { user: 'pete', password: 'petepw', stored: 'a plaintext password (never matches on Unix)', status: 401 },
    { user: 'empty', password: '', stored: 'an empty hash, with an empty password', status: 401 },
    { user: 'empty', password: 'x', stored: 'an empty hash, with a password', status: 401 },
    { user: 'long', password: 'x'.repeat(80), stored: 'bcrypt of an 80-character password', status: 200 },
    {
      user: 'long',
      password: `${'x'.repeat(72)}yyyyyyyy`,
      stored: 'bcrypt, given the first 72 bytes and other characters after them',
      status: 200,
    },
    { user: 'long', password: 'x'.repeat(71), stored: 'bcrypt, given only 71 of the bytes', status: 401 },
    { user: 'colon', password: 'a:b', stored: 'bcrypt of a password containing a colon', status: 200 },
    { user: 'Bob', password: 'bobpw', stored: 'nothing: user names are case-sensitive (Bob is not bob)', status: 401 },
    { user: 'nobody', password: 'x', stored: 'nothing: the user does not exist', status: 401 },
    // docs/apache-behaviour.md §5.5 the file format
    { user: 'indented', password: 'indentedpw', stored: 'a line with leading and trailing blanks', status: 200 },
    { user: 'crlf', password: 'crlfpw', stored: 'a line ending in CRLF', status: 200 },
    { user: 'dup', password: 'firstpw', stored: 'the first of two lines for the same user', status: 200 },
    {
      user: 'dup',
      password: 'secondpw',
      stored: 'the second of two lines for the same user (the first wins)',
      status: 401,
    },
    {
      user: 'spaced ',
      password: 'spacedpw',
      stored: 'a user name ending in a space ("spaced " before the colon)',
      status: 200,
    },
    { user: 'spaced', password: 'spacedpw', stored: 'nothing: "spaced" is not "spaced "', status: 401 },
    { user: 'extra', password: 'extrapw', stored: '{SHA} followed by a second colon and more fields', status: 200 },
  ];
  for (const h of hashes) {
    it(`answers ${h.status} for ${JSON.stringify(h.user)} with ${JSON.stringify(h.password)} against ${h.stored}`, async () => {
      const res = await fetchRaw(server.url, '/h/f.txt', { auth: `${h.user}:${h.password}` });
      expectOutcome(
        res,
        {
          status: h.status,
          body: h.status === 200 ? fileBody('h') : undefined,
          type: h.status === 200 ? 'text/plain' : 'text/html',
        },
        `${h.user} (${h.stored})`,
      );
    });
  }

  // docs/apache-behaviour.md §5.3: the Authorization header as sent, byte for byte
  const bob = b64('bob:bobpw');
  const alice = b64('alice:alicepw'); // 13 bytes: ends in "=="
  const headers: Array<{ header: string | null; status: 200 | 401; why: string }> = [
    { header: null, status: 401, why: 'no Authorization header' },
    { header: 'Bearer abc', status: 401, why: 'a Bearer token (not Basic)' },
    { header: 'Digest username="bob", realm="R"', status: 401, why: 'a Digest header' },
    { header: 'Basic', status: 401, why: '"Basic" without credentials' },
    { header: 'Basic ', status: 401, why: '"Basic " with an empty credential' },
    { header: `basic ${bob}`, status: 200, why: 'the scheme in lower case' },
    { header: `BASIC ${bob}`, status: 200, why: 'the scheme in upper case' },
    { header: `Basic    ${bob}`, status: 200, why: 'several spaces after the scheme' },
    { header: `Basic \t ${bob}`, status: 200, why: 'a space then blanks and a tab after the scheme' },
    { header: `Basic\t${bob}`, status: 401, why: 'a tab instead of the space after the scheme' },
    { header: `Basic ${bob} trailing-junk`, status: 200, why: 'junk after the base64' },
    { header: `Basic ${bob}!!`, status: 200, why: 'non-base64 characters right after the base64' },
    { header: `Basic ${alice}`, status: 200, why: 'base64 with its "==" padding' },
    { header: `Basic ${alice.replace(/=+$/, '')}`, status: 200, why: 'base64 without its padding' },
    { header: `Basic ${alice}==`, status: 200, why: 'base64 with extra padding' },
    { header: 'Basic !!!!', status: 401, why: 'garbage instead of base64' },
    { header: `Basic ${b64('bob')}`, status: 401, why: 'credentials without a colon (user bob, empty password)' },
    { header: `Basic ${b64('bob:bobpw:extra')}`, status: 401, why: 'bob:bobpw:extra (the password is "bobpw:extra")' },
    { header: `Basic ${b64(':bobpw')}`, status: 401, why: 'an empty user name' },
    { header: `Basic ${b64('colon:a:b')}`, status: 200, why: 'colon:a:b (split at the first colon only)' },
  ];
  for (const h of headers) {
    it(`answers ${h.status} for ${h.why}`, async () => {
      const req: TestRequest = h.header === null ? {} : { headers: { Authorization: h.header } };
      const res = await fetchRaw(server.url, '/h/f.txt', req);
      expectOutcome(res, { status: h.status, body: h.status === 200 ? fileBody('h') : undefined }, h.why);
    });
  }

  // docs/apache-behaviour.md §5.2, §15.22: exactly `Basic realm="..."`, `"` escaped, no charset parameter
  const realms: Array<{ dir: string; directive: string; realm: string; shown?: string }> = [
    { dir: 'realm-bare', directive: 'AuthName Bare', realm: 'Bare' },
    { dir: 'realm-double', directive: 'AuthName "Members Only"', realm: 'Members Only' },
    { dir: 'realm-single', directive: "AuthName 'single quoted'", realm: 'single quoted' },
    { dir: 'realm-quotes', directive: `AuthName 'say "hi" there'`, realm: 'say \\"hi\\" there' },
    { dir: 'realm-escaped', directive: 'AuthName "a \\"quoted\\" word"', realm: 'a \\"quoted\\" word' },
    // node hands header bytes over as latin1: the UTF-8 bytes arrive unchanged
    {
      dir: 'realm-utf8',
      directive: 'AuthName "Zoë"',
      realm: Buffer.from('Zoë', 'utf8').toString('latin1'),
      shown: 'Zoë (raw UTF-8 bytes)',
    },
  ];
  for (const r of realms) {
    it(
      `challenges with exactly Basic realm="${r.shown ?? r.realm}" for ${r.directive}, ` +
        'anonymous, with a wrong password and on HEAD',
      async () => {
        expectOutcome(await fetchRaw(server.url, `/${r.dir}/f.txt`), { status: 401, realm: r.realm }, `${r.dir} anon`);
        expectOutcome(
          await fetchRaw(server.url, `/${r.dir}/f.txt`, { auth: 'bob:nope' }),
          { status: 401, realm: r.realm },
          `${r.dir} bad password`,
        );
        const head = await fetchRaw(server.url, `/${r.dir}/f.txt`, { method: 'HEAD' });
        expectOutcome(head, { status: 401, realm: r.realm, type: 'text/html' }, `${r.dir} HEAD`, 'HEAD');
        expectOutcome(
          await fetchRaw(server.url, `/${r.dir}/f.txt`, CLIENTS.bob),
          { status: 200, body: fileBody(r.dir) },
          `${r.dir} bob`,
        );
      },
    );
  }
});

// docs/apache-behaviour.md §5.4: what a broken or partial configuration gives, without and with
// credentials; and docs/apache-behaviour.md §5.1: credentials are looked at only when the Require
// logic needs a user.
describe('authentication: the configuration outcome table and credentials only checked when needed', () => {
  let auth: AuthFiles;
  let root: string;
  let server: TestServer;

  before(async () => {
    auth = await makeAuthFiles();
    await fs.writeFile(path.join(auth.dir, 'private-users'), await fs.readFile(auth.users));
    await fs.chmod(path.join(auth.dir, 'private-users'), 0o600);
    const U = auth.users;
    root = await makeTree(
      folders({
        'no-authname': `AuthType Basic\nAuthUserFile ${U}\nRequire valid-user\n`,
        'no-authname-granted': `AuthType Basic\nAuthUserFile ${U}\nRequire all granted\n`,
        'no-authtype': `AuthName "R"\nAuthUserFile ${U}\nRequire valid-user\n`,
        'authtype-none': `AuthType None\nAuthName "R"\nAuthUserFile ${U}\nRequire valid-user\n`,
        'authtype-digest': `AuthType Digest\nAuthName "R"\nAuthUserFile ${U}\nRequire valid-user\n`,
        'authtype-lower': `AuthType basic\nAuthName "R"\nAuthUserFile ${U}\nRequire valid-user\n`,
        'no-userfile': 'AuthType Basic\nAuthName "R"\nRequire valid-user\n',
        'missing-userfile': `AuthType Basic\nAuthName "R"\nAuthUserFile ${path.join(auth.dir, 'nonexistent')}\nRequire valid-user\n`,
        'unreadable-userfile': `AuthType Basic\nAuthName "R"\nAuthUserFile ${path.join(auth.dir, 'private-users')}\nRequire valid-user\n`,
        'relative-userfile': 'AuthType Basic\nAuthName "R"\nAuthUserFile users\nRequire valid-user\n',
        'no-groupfile': `AuthType Basic\nAuthName "R"\nAuthUserFile ${U}\nRequire group admins\n`,
        'missing-groupfile':
          `AuthType Basic\nAuthName "R"\nAuthUserFile ${U}\n` +
          `AuthGroupFile ${path.join(auth.dir, 'nogroups')}\nRequire group admins\n`,
        'missing-groupfile-apache':
          `AuthType Basic\nAuthName "R"\nAuthUserFile ${U}\n` +
          `AuthGroupFile ${path.join(auth.dir, 'nogroups')}\nAuthzSendForbiddenOnFailure Off\nRequire group admins\n`,
        'group-ok': `${authLines(auth)}Require group admins\n`,
        // docs/apache-behaviour.md §5.1
        'all-not-sam': `${authLines(auth)}<RequireAll>\n  Require all granted\n  Require not user sam\n</RequireAll>\n`,
        'granted-or-user': `${authLines(auth)}Require all granted\nRequire valid-user\n`,
        'granted-only': `${authLines(auth)}Require all granted\n`,
        'ip-or-user': `${authLines(auth)}Require ip 127.0.0.1\nRequire valid-user\n`,
        'denied-only': `${authLines(auth)}Require all denied\n`,
        'authtype-without-require': authLines(auth),
        'provider-file': `${authLines(auth)}AuthBasicProvider file\nRequire valid-user\n`,
        'provider-dbm': `${authLines(auth)}AuthBasicProvider dbm\nRequire valid-user\n`,
      }),
    );
    // relative AuthUserFile paths resolve against the server root, which defaults to the current directory
    server = await startServer(root, { cwd: auth.dir });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(auth.dir);
  });

  const rows: Array<{ dir: string; why: string; expect: Partial<Record<ClientName, number>>; root?: true }> = [
    { dir: 'no-authname', why: 'AuthType Basic without AuthName', expect: { anon: 500, bob: 500 } },
    {
      dir: 'no-authname-granted',
      why: 'AuthType Basic without AuthName when Require needs no user',
      expect: { anon: 200, badpw: 200 },
    },
    { dir: 'no-authtype', why: 'Require valid-user without AuthType', expect: { anon: 500, bob: 500 } },
    { dir: 'authtype-none', why: 'Require valid-user under AuthType None', expect: { anon: 500, bob: 500 } },
    { dir: 'authtype-digest', why: 'AuthType Digest (not available)', expect: { anon: 500, bob: 500 } },
    { dir: 'authtype-lower', why: 'AuthType basic in lower case', expect: { anon: 401, bob: 200, badpw: 401 } },
    { dir: 'no-userfile', why: 'no AuthUserFile', expect: { anon: 401, bob: 500, badpw: 500 } },
    {
      dir: 'missing-userfile',
      why: 'an AuthUserFile that does not exist',
      expect: { anon: 401, bob: 500, badpw: 500 },
    },
    {
      dir: 'unreadable-userfile',
      why: 'an AuthUserFile the server user cannot read',
      expect: { anon: 401, bob: 500 },
      root: true,
    },
    {
      dir: 'relative-userfile',
      why: 'a relative AuthUserFile (resolved against the server root)',
      expect: { anon: 401, bob: 200, badpw: 401 },
    },
    // declared difference: a signed-in user failing Require group gets 403 (Apache: 401)
    {
      dir: 'no-groupfile',
      why: 'Require group without AuthGroupFile (403 for a signed-in user, never 500)',
      expect: { anon: 401, bob: 403, sam: 403, badpw: 401 },
    },
    {
      dir: 'missing-groupfile',
      why: 'an AuthGroupFile that does not exist (403 for a signed-in user, never 500)',
      expect: { anon: 401, bob: 403, badpw: 401 },
    },
    {
      dir: 'missing-groupfile-apache',
      why: "a missing AuthGroupFile with AuthzSendForbiddenOnFailure Off (Apache's 401)",
      expect: { anon: 401, bob: 401 },
    },
    {
      dir: 'group-ok',
      why: 'Require group admins with the group file',
      expect: { anon: 401, bob: 200, sam: 403, badpw: 401 },
    },
    // docs/apache-behaviour.md §5.1
    {
      dir: 'all-not-sam',
      why: '<RequireAll> all granted + not user sam (decided without a user)',
      expect: { anon: 200, sam: 200, badpw: 200 },
    },
    {
      dir: 'granted-or-user',
      why: 'Require all granted + Require valid-user',
      expect: { anon: 200, bob: 200, badpw: 200 },
    },
    { dir: 'granted-only', why: 'AuthType Basic with only Require all granted', expect: { anon: 200, badpw: 200 } },
    {
      dir: 'ip-or-user',
      why: 'Require ip 127.0.0.1 + Require valid-user, from 127.0.0.1',
      expect: { anon: 200, badpw: 200 },
    },
    {
      dir: 'denied-only',
      why: 'AuthType Basic with only Require all denied (403, no challenge)',
      expect: { anon: 403, bob: 403, badpw: 403 },
    },
    {
      dir: 'provider-file',
      why: 'AuthBasicProvider file (the default, spelled out)',
      expect: { anon: 401, bob: 200, badpw: 401 },
    },
    { dir: 'provider-dbm', why: 'AuthBasicProvider dbm (not available)', expect: { anon: 500, bob: 500 } },
    {
      dir: 'authtype-without-require',
      why: 'AuthType Basic without any Require (inherits the granted root)',
      expect: { anon: 200, badpw: 200 },
    },
  ];
  for (const row of rows) {
    for (const [client, status] of Object.entries(row.expect) as Array<[ClientName, number]>) {
      it(
        `answers ${status} to ${client} for ${row.why}`,
        { skip: row.root && !isRoot ? 'needs root' : false },
        async () => {
          const res = await fetchRaw(server.url, `/${row.dir}/f.txt`, CLIENTS[client]);
          expectOutcome(
            res,
            { status, body: status === 200 ? fileBody(row.dir) : undefined },
            `${row.dir} as ${client}`,
          );
        },
      );
    }
  }

  it('ignores a malformed Authorization header when the Require logic needs no user', async () => {
    const res = await fetchRaw(server.url, '/granted-only/f.txt', { headers: { Authorization: 'Basic !!!!' } });
    expectOutcome(res, { status: 200, body: fileBody('granted-only') }, 'garbage credentials');
  });
});

// Revoked credentials: the user file changes while the server runs (README: revalidated by stat).
describe('authentication: a user file edited while the server runs', () => {
  let auth: string;
  let usersFile: string;
  let root: string;
  let server: TestServer;
  const get = (userPass: string) => fetchRaw(server.url, '/r/f.txt', { auth: userPass });

  before(async () => {
    auth = await makeTree({
      users: `${htpasswdLine('B', 'bob', 'bobpw')}\n${htpasswdLine('B', 'carl', 'carlpw')}\n${htpasswdLine('m', 'dora', 'dorapw')}\n`,
    });
    usersFile = path.join(auth, 'users');
    root = await makeTree(
      folders({ r: `AuthType Basic\nAuthName "R"\nAuthUserFile ${usersFile}\nRequire valid-user\n` }),
    );
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(auth);
  });

  it('lets bob, carl and dora in before the edits (twice, so successful checks are cached)', async () => {
    for (let i = 0; i < 2; i++) {
      for (const up of ['bob:bobpw', 'carl:carlpw', 'dora:dorapw']) {
        expectOutcome(await get(up), { status: 200, body: fileBody('r') }, `${up} #${i}`);
      }
    }
  });

  it(
    'refuses bob with 401 on the very next request after `htpasswd -D` removed him',
    { skip: NO_HTPASSWD },
    async () => {
      execFileSync('htpasswd', ['-D', usersFile, 'bob'], { stdio: 'ignore' });
      assert.doesNotMatch(await fs.readFile(usersFile, 'utf8'), /^bob:/m);
      expectOutcome(await get('bob:bobpw'), { status: 401 }, 'removed bob');
      expectOutcome(await get('carl:carlpw'), { status: 200, body: fileBody('r') }, 'carl still in');
    },
  );

  it(
    "refuses carl's old password and accepts the new one after `htpasswd -b` changed it",
    { skip: NO_HTPASSWD },
    async () => {
      execFileSync('htpasswd', ['-bB', '-C', '5', usersFile, 'carl', 'newcarlpw'], { stdio: 'ignore' });
      expectOutcome(await get('carl:carlpw'), { status: 401 }, 'old password');
      expectOutcome(await get('carl:newcarlpw'), { status: 200, body: fileBody('r') }, 'new password');
    },
  );

  it("follows a user file replaced by rename (a new inode): dora's new password only", async () => {
    const next = `${htpasswdLine('B', 'carl', 'newcarlpw')}\n${htpasswdLine('m', 'dora', 'dora2pw')}\n`;
    await fs.writeFile(`${usersFile}.tmp`, next);
    await fs.chmod(`${usersFile}.tmp`, 0o644);
    await fs.rename(`${usersFile}.tmp`, usersFile);
    expectOutcome(await get('dora:dorapw'), { status: 401 }, 'dora old password');
    expectOutcome(await get('dora:dora2pw'), { status: 200, body: fileBody('r') }, 'dora new password');
  });

  it('lets bob in again once a line for him is appended', async () => {
    await fs.appendFile(usersFile, `${htpasswdLine('s', 'bob', 'bobpw')}\n`);
    expectOutcome(await get('bob:bobpw'), { status: 200, body: fileBody('r') }, 'bob back');
  });
});
