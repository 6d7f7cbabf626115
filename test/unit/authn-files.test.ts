// htpasswd and group files (docs/apache-behaviour.md §5.5, §5.7), the parsed-file cache and the
// password provider with its success cache.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, unlink, rename, mkdir, utimes, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLogicalLines, getConfWord } from '../../src/authn/config-lines.js';
import { parseHtpasswd } from '../../src/authn/htpasswd-file.js';
import { foldGroupName, parseGroupFile } from '../../src/authn/group-file.js';
import { ParsedFileCache } from '../../src/authn/file-cache.js';
import { PasswordChecker } from '../../src/authn/password-check.js';
import { verifyHash } from '../../src/authn/hash-formats.js';

const SHA_BOBPW = '{SHA}KXV5lfOmXj1HOy0eE1tRGdIyUHw='; // htpasswd -s bobpw
const SHA_SAMPW = '{SHA}zdfHiOZdF7FOb1t0y5i0bM17qNc='; // htpasswd -s sampw
const APR1_BOBPW = '$apr1$QjfCF902$STe7rktVv4uFFUHXT.MeU1'; // htpasswd -m bobpw
const BCRYPT_BOBPW = '$2y$05$uwzwUIwNCqgi7p7KbmqIUuD4rzL7DW3kQ.ZoHqG0SiRroOGgBKdUe'; // htpasswd -B bobpw

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-authn-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------- line reading

test('logical lines: CRLF, trimming, backslash continuation, line numbers', () => {
  const lines = readLogicalLines('a\r\n  b  \n\n c\\\n d\\\r\ne\n# x\\\nhidden\nlast\\');
  assert.deepEqual(lines, [
    { text: 'a', line: 1 },
    { text: 'b', line: 2 },
    { text: '', line: 3 },
    { text: 'c de', line: 4 },
    { text: '# xhidden', line: 7 },
    { text: 'last\\', line: 9 },
  ]);
  assert.deepEqual(readLogicalLines(''), []);
  assert.deepEqual(readLogicalLines('x\\\n'), [{ text: 'x', line: 1 }]);
});

test('config words: quotes, escapes, commas are not separators', () => {
  const words = (line: string): string[] => {
    const out: string[] = [];
    for (let rest = line; rest !== '';) {
      const next = getConfWord(rest);
      out.push(next.word);
      rest = next.rest;
    }
    return out;
  };
  assert.deepEqual(words('carl  sam'), ['carl', 'sam']);
  assert.deepEqual(words('carl,alice'), ['carl,alice']);
  assert.deepEqual(words(`"mary jane" 'o\\'neil' plain\\\\x "un closed`), [
    'mary jane',
    "o'neil",
    'plain\\x',
    'un closed',
  ]);
  assert.deepEqual(words('  \t '), ['']);
});

// ---------------------------------------------------------------- htpasswd parsing (docs/apache-behaviour.md §5.5)

const HTPASSWD_ROWS: Array<[string, string, Record<string, string | undefined>]> = [
  ['one user:hash per line', `bob:${SHA_BOBPW}\nsam:${SHA_SAMPW}\n`, { bob: SHA_BOBPW, sam: SHA_SAMPW }],
  ['comments and blank lines skipped', `# bob:x\n\n   \n#\nbob:${SHA_BOBPW}`, { bob: SHA_BOBPW, '# bob': undefined }],
  [
    'line trimmed, CRLF tolerated',
    `  bob:${SHA_BOBPW}  \r\n\tsam:${SHA_SAMPW}\r\n`,
    { bob: SHA_BOBPW, sam: SHA_SAMPW },
  ],
  ['hash ends at the next colon', `bob:${SHA_BOBPW}:extra:stuff`, { bob: SHA_BOBPW }],
  ['consecutive colons skipped (ap_getword)', `bob::${SHA_BOBPW}`, { bob: SHA_BOBPW }],
  ['first duplicate wins', `bob:${SHA_BOBPW}\nbob:${SHA_SAMPW}`, { bob: SHA_BOBPW }],
  ['no trimming around the colon', `spaced : ${SHA_BOBPW}`, { 'spaced ': ` ${SHA_BOBPW}`, spaced: undefined }],
  ['user names are case-sensitive', `bob:${SHA_BOBPW}`, { bob: SHA_BOBPW, Bob: undefined }],
  ['a line without a colon is a user with an empty hash', `nocolon\nnocolon:${SHA_BOBPW}`, { nocolon: '' }],
  ['a `#` later in the line is not a comment', `bob#1:${SHA_BOBPW}`, { 'bob#1': SHA_BOBPW }],
  [
    'comment continued by a backslash hides the next line',
    `# note\\\nbob:${SHA_BOBPW}\nsam:${SHA_SAMPW}`,
    { bob: undefined, sam: SHA_SAMPW },
  ],
  ['UTF-8 user names', `jösé:${SHA_BOBPW}`, { jösé: SHA_BOBPW }],
  [
    'a byte-order mark becomes part of the first user',
    `\uFEFFbob:${SHA_BOBPW}`,
    { bob: undefined, '\uFEFFbob': SHA_BOBPW },
  ],
];

for (const [name, text, expected] of HTPASSWD_ROWS) {
  test(`htpasswd: ${name}`, () => {
    const parsed = parseHtpasswd(text, '/etc/U');
    for (const [user, hash] of Object.entries(expected)) {
      assert.equal(parsed.entries.get(user)?.hash, hash, `user ${JSON.stringify(user)}`);
    }
  });
}

test('htpasswd: entries carry line number and format', () => {
  const parsed = parseHtpasswd(
    `# users\n\nbob:${BCRYPT_BOBPW}\nalice:${APR1_BOBPW}\r\nsam:${SHA_SAMPW}\ncarl:v3xI2/ooEnXWE\n`,
    '/etc/U',
  );
  assert.deepEqual(
    [...parsed.entries.values()].map((e) => [e.user, e.line, e.format]),
    [
      ['bob', 3, 'bcrypt'],
      ['alice', 4, 'apr1'],
      ['sam', 5, 'sha1'],
      ['carl', 6, 'des'],
    ],
  );
  assert.deepEqual(parsed.problems, []);
});

test('htpasswd: problems point at file:line (plain text, empty, {sha}, no colon, duplicate, BOM)', () => {
  const text = [
    '\uFEFFbob:' + SHA_BOBPW, // 1
    'pete:petepw', // 2
    'empty:', // 3
    'lower:{sha}KXV5lfOmXj1HOy0eE1tRGdIyUHw=', // 4
    'nocolon', // 5
    'pete:' + SHA_BOBPW, // 6
  ].join('\n');
  const { problems } = parseHtpasswd(text, '/etc/U');
  assert.deepEqual(
    problems.map((p) => [p.file, p.line]),
    [
      ['/etc/U', 1],
      ['/etc/U', 2],
      ['/etc/U', 3],
      ['/etc/U', 4],
      ['/etc/U', 5],
      ['/etc/U', 6],
    ],
  );
  assert.match(problems[0]!.message, /byte-order mark/);
  assert.match(problems[1]!.message, /"pete".*plain text/);
  assert.match(problems[2]!.message, /empty/);
  assert.match(problems[3]!.message, /case-sensitive/);
  assert.match(problems[4]!.message, /no ':'/);
  assert.match(problems[5]!.message, /first definition \(line 2\) wins/);
});

// ---------------------------------------------------------------- group file parsing (docs/apache-behaviour.md §5.7)

const G = 'admins: alice bob\nstaff: carl  sam\n';
const GROUP_ROWS: Array<[string, string, Record<string, string[]>]> = [
  ['spec fixture G', G, { alice: ['admins'], bob: ['admins'], carl: ['staff'], sam: ['staff'], nobody: [] }],
  ['trailing whitespace of the group name trimmed', 'admins : bob', { bob: ['admins'] }],
  ['group names folded to lower case', 'Admins: bob\nSTAFF: bob', { bob: ['admins', 'staff'] }],
  ['member match is case-sensitive', 'admins: bob', { bob: ['admins'], Bob: [] }],
  ['commas are not separators', 'staff:carl,alice', { 'carl,alice': ['staff'], carl: [], alice: [] }],
  ['several lines for one group accumulate', 'staff: carl\nstaff: sam', { carl: ['staff'], sam: ['staff'] }],
  ['a user in many groups', 'a: bob\nb: bob sam\nc: sam', { bob: ['a', 'b'], sam: ['b', 'c'] }],
  ['quotes allowed around members', 'odd: "mary jane" \'o\'', { 'mary jane': ['odd'], o: ['odd'], mary: [] }],
  ['comments, blank lines, CRLF', '# admins: eve\r\n\r\nadmins: bob\r\n', { bob: ['admins'], eve: [] }],
  ['tabs separate members', 'admins:\tbob\talice', { bob: ['admins'], alice: ['admins'] }],
  ['a line without a colon defines no members', 'admins bob', { bob: [], admins: [] }],
];

for (const [name, text, expected] of GROUP_ROWS) {
  test(`group file: ${name}`, () => {
    const groups = parseGroupFile(text, '/etc/G');
    for (const [user, names] of Object.entries(expected)) {
      assert.deepEqual([...groups.groupsOf(user)].sort(), names, `user ${user}`);
    }
  });
}

test('foldGroupName folds ASCII only, like apr_table', () => {
  assert.equal(foldGroupName('AdMiNs'), 'admins');
  assert.equal(foldGroupName('ÉQUIPE'), 'Équipe');
});

// ---------------------------------------------------------------- the parsed-file cache

test('file cache: reuses the parse while unchanged, re-reads after an edit, ENOENT after delete', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'users');
  let parses = 0;
  const cache = new ParsedFileCache((text) => {
    parses++;
    return text.trim();
  });

  await writeFile(file, 'one\n');
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'one' });
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'one' });
  assert.equal(parses, 1, 'unchanged file parsed once');

  await writeFile(file, 'two, longer\n'); // size changes
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'two, longer' });

  // Same size, new mtime.
  await writeFile(file, 'six, longer\n');
  const later = new Date(Date.now() + 5000);
  await utimes(file, later, later);
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'six, longer' });

  // Atomic replacement: new inode.
  await writeFile(join(dir, 'tmp'), 'replaced\n');
  await rename(join(dir, 'tmp'), file);
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'replaced' });
  assert.equal(parses, 4);

  await unlink(file);
  const gone = await cache.get(file);
  assert.equal(gone.kind, 'error');
  assert.equal(gone.kind === 'error' && gone.code, 'ENOENT');

  await writeFile(file, 'back\n');
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'back' });
});

test('file cache: directories and unreadable files are errors with their code', async (t) => {
  const dir = await tempDir(t);
  const cache = new ParsedFileCache((text) => text);
  await mkdir(join(dir, 'sub'));
  const isDir = await cache.get(join(dir, 'sub'));
  assert.equal(isDir.kind === 'error' && isDir.code, 'EISDIR');
  const notDir = await cache.get(join(dir, 'missing', 'users'));
  assert.equal(notDir.kind === 'error' && notDir.code, 'ENOENT');
  if (process.getuid?.() !== 0) {
    await writeFile(join(dir, 'secret'), 'x');
    await chmod(join(dir, 'secret'), 0o000);
    const denied = await cache.get(join(dir, 'secret'));
    assert.equal(denied.kind === 'error' && denied.code, 'EACCES');
  }
});

test('file cache: bounded, least recently used file evicted', async (t) => {
  const dir = await tempDir(t);
  let parses = 0;
  const cache = new ParsedFileCache((text) => {
    parses++;
    return text;
  }, 2);
  for (const name of ['a', 'b', 'c']) await writeFile(join(dir, name), name);
  await cache.get(join(dir, 'a'));
  await cache.get(join(dir, 'b'));
  await cache.get(join(dir, 'a')); // a is now the most recent
  await cache.get(join(dir, 'c')); // evicts b
  assert.equal(parses, 3);
  await cache.get(join(dir, 'a'));
  assert.equal(parses, 3, 'a stayed cached');
  await cache.get(join(dir, 'b'));
  assert.equal(parses, 4, 'b was evicted');
});

test('file cache: concurrent gets of a changed file read it once', async (t) => {
  const dir = await tempDir(t);
  let parses = 0;
  const cache = new ParsedFileCache((text) => {
    parses++;
    return text;
  });
  await writeFile(join(dir, 'u'), 'x');
  const results = await Promise.all(Array.from({ length: 10 }, () => cache.get(join(dir, 'u'))));
  assert.ok(results.every((r) => r.kind === 'ok' && r.value === 'x'));
  assert.equal(parses, 1);
});

test('file cache: revalidateMs reuses a fresh entry without a stat; invalidate() forces one', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'users');
  let parses = 0;
  const cache = new ParsedFileCache(
    (text) => {
      parses++;
      return text.trim();
    },
    256,
    { revalidateMs: 60_000 },
  );
  await writeFile(file, 'one\n');
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'one' });

  // Replaced (new inode, new size): within the window the entry is reused as it is, no stat.
  await writeFile(join(dir, 'tmp'), 'two, longer\n');
  await rename(join(dir, 'tmp'), file);
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'one' });
  // Even a deleted file: nothing looked at the disk.
  await unlink(file);
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'one' });
  assert.equal(parses, 1);

  // invalidate() (a watcher saw the change): the next get() stats, and sees the truth.
  cache.invalidate(file);
  const gone = await cache.get(file);
  assert.equal(gone.kind === 'error' && gone.code, 'ENOENT');
  await writeFile(file, 'three\n');
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'three' }, 'errors are never cached');
  await writeFile(file, 'four, longer\n');
  cache.invalidate(join(dir, '.', 'users')); // any spelling of the same path
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'four, longer' });
  assert.equal(parses, 3);
});

test('file cache: revalidateMs 0 (the default) stats on every use; an invalidated unchanged file is not re-read', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'users');
  let parses = 0;
  const cache = new ParsedFileCache((text) => {
    parses++;
    return text.trim();
  });
  await writeFile(file, 'one\n');
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'one' });
  await writeFile(join(dir, 'tmp'), 'two, longer\n');
  await rename(join(dir, 'tmp'), file);
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'two, longer' });
  cache.invalidate(file);
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'two, longer' });
  assert.equal(parses, 3, 'invalidate() drops the parse: the file is read again');
  assert.throws(() => new ParsedFileCache((text) => text, 1, { revalidateMs: -1 }), RangeError);
});

test('file cache: an invalidate() during a load keeps that load from being trusted without a stat', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'users');
  let cache: ParsedFileCache<string> | null = null;
  let parses = 0;
  cache = new ParsedFileCache(
    (text) => {
      parses++;
      if (parses === 1) cache!.invalidate(file); // the watcher fires while the old text is parsed
      return text.trim();
    },
    256,
    { revalidateMs: 60_000 },
  );
  await writeFile(file, 'old\n');
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'old' });
  await writeFile(join(dir, 'tmp'), 'new, longer\n');
  await rename(join(dir, 'tmp'), file);
  assert.deepEqual(await cache.get(file), { kind: 'ok', value: 'new, longer' });
});

// ---------------------------------------------------------------- the provider

function countingChecker(): { checker: PasswordChecker; calls: () => number } {
  let calls = 0;
  const checker = new PasswordChecker({
    verify: (password, hash) => {
      calls++;
      return verifyHash(password, hash);
    },
  });
  return { checker, calls: () => calls };
}

test('checkPassword: granted, mismatch, user-not-found, unverifiable entry, missing file', async (t) => {
  const dir = await tempDir(t);
  const users = join(dir, 'U');
  await writeFile(users, `bob:${BCRYPT_BOBPW}\nalice:${APR1_BOBPW}\nsam:${SHA_SAMPW}\npete:petepw\n`);
  const { checker } = countingChecker();

  assert.deepEqual(await checker.checkPassword(users, 'bob', 'bobpw'), { kind: 'granted', user: 'bob' });
  assert.deepEqual(await checker.checkPassword(users, 'alice', 'bobpw'), { kind: 'granted', user: 'alice' });
  assert.deepEqual(await checker.checkPassword(users, 'sam', 'sampw'), { kind: 'granted', user: 'sam' });
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'wrong'), { kind: 'mismatch' });
  assert.deepEqual(await checker.checkPassword(users, 'Bob', 'bobpw'), { kind: 'user-not-found' });
  assert.deepEqual(await checker.checkPassword(users, '', ''), { kind: 'user-not-found' });

  const pete = await checker.checkPassword(users, 'pete', 'petepw');
  assert.equal(pete.kind, 'mismatch');
  assert.deepEqual(pete.kind === 'mismatch' && pete.problem && [pete.problem.file, pete.problem.line], [users, 4]);

  const missing = await checker.checkPassword(join(dir, 'nope'), 'bob', 'bobpw');
  assert.equal(missing.kind, 'error');
  assert.equal(missing.kind === 'error' && missing.code, 'ENOENT');
  assert.ok(missing.kind === 'error' && !missing.message.includes('bobpw'), 'never echo the password');
});

test('checkPassword: an unknown user still costs one hash verification', async (t) => {
  const dir = await tempDir(t);
  const users = join(dir, 'U');
  await writeFile(users, `bob:${BCRYPT_BOBPW}\n`);
  const { checker, calls } = countingChecker();
  assert.deepEqual(await checker.checkPassword(users, 'mallory', 'bobpw'), { kind: 'user-not-found' });
  assert.equal(calls(), 1);
  // Even when the file has no verifiable entry at all.
  await writeFile(users, 'pete:petepw\n');
  assert.deepEqual(await checker.checkPassword(users, 'mallory', 'x'), { kind: 'user-not-found' });
  assert.equal(calls(), 2);
});

test('no enumeration: every check spends at least the cost of the most expensive hash in the file', async (t) => {
  const dir = await tempDir(t);
  const users = join(dir, 'U');
  // Mostly cheap hashes, one bcrypt user: the bcrypt hash is the floor for everyone.
  await writeFile(
    users,
    `sam:${SHA_SAMPW}\nalice:${APR1_BOBPW}\nbob:${BCRYPT_BOBPW}\ncarl:${SHA_BOBPW}\npete:petepw\n`,
  );
  const seen: string[] = [];
  const checker = new PasswordChecker({
    verify: (password, hash) => {
      seen.push(hash);
      return verifyHash(password, hash);
    },
  });
  const hashesFor = async (user: string, password: string) => {
    seen.length = 0;
    const result = await checker.checkPassword(users, user, password);
    return { kind: result.kind, hashes: [...seen] };
  };
  assert.deepEqual(await hashesFor('mallory', 'x'), { kind: 'user-not-found', hashes: [BCRYPT_BOBPW] });
  assert.deepEqual(await hashesFor('pete', 'petepw'), { kind: 'mismatch', hashes: [BCRYPT_BOBPW] }, 'unverifiable');
  assert.deepEqual(
    await hashesFor('sam', 'x'),
    { kind: 'mismatch', hashes: [SHA_SAMPW, BCRYPT_BOBPW] },
    '{SHA}: padded',
  );
  assert.deepEqual(await hashesFor('alice', 'x'), { kind: 'mismatch', hashes: [APR1_BOBPW, BCRYPT_BOBPW] });
  assert.deepEqual(await hashesFor('bob', 'x'), { kind: 'mismatch', hashes: [BCRYPT_BOBPW] }, 'the dearest: no pad');
  assert.deepEqual(await hashesFor('sam', 'sampw'), { kind: 'granted', hashes: [SHA_SAMPW, BCRYPT_BOBPW] });
  // A file of equally cheap hashes pads nothing.
  await writeFile(users, `sam:${SHA_SAMPW}\ncarl:${SHA_BOBPW}\n`);
  assert.deepEqual(await hashesFor('sam', 'x'), { kind: 'mismatch', hashes: [SHA_SAMPW] });
  assert.deepEqual(await hashesFor('nobody', 'x'), { kind: 'user-not-found', hashes: [SHA_SAMPW] });
});

test('success cache: a repeated correct login skips the hash; changing the file refuses the old password', async (t) => {
  const dir = await tempDir(t);
  const users = join(dir, 'U');
  await writeFile(users, `bob:${BCRYPT_BOBPW}\n`);
  const { checker, calls } = countingChecker();

  assert.deepEqual(await checker.checkPassword(users, 'bob', 'bobpw'), { kind: 'granted', user: 'bob' });
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'bobpw'), { kind: 'granted', user: 'bob' });
  assert.equal(calls(), 1, 'second login served from the success cache');
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'bobpW'), { kind: 'mismatch' });
  assert.equal(calls(), 2, 'a wrong password is always verified');

  // Password changed in the file: the old one is refused at once, the new one works.
  await writeFile(users, `bob:${SHA_SAMPW}\n`);
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'bobpw'), { kind: 'mismatch' });
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'sampw'), { kind: 'granted', user: 'bob' });

  // User removed: refused on the next request.
  await writeFile(users, `sam:${SHA_SAMPW}\n`);
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'sampw'), { kind: 'user-not-found' });
});

test('success cache is bounded', async (t) => {
  const dir = await tempDir(t);
  const users = join(dir, 'U');
  await writeFile(users, `bob:${SHA_BOBPW}\nsam:${SHA_SAMPW}\n`);
  let calls = 0;
  const checker = new PasswordChecker({
    successCacheSize: 1,
    verify: (password, hash) => {
      calls++;
      return verifyHash(password, hash);
    },
  });
  await checker.checkPassword(users, 'bob', 'bobpw');
  await checker.checkPassword(users, 'sam', 'sampw'); // evicts bob
  await checker.checkPassword(users, 'sam', 'sampw');
  assert.equal(calls, 2);
  await checker.checkPassword(users, 'bob', 'bobpw');
  assert.equal(calls, 3);
});

test('PasswordChecker: revalidateMs reaches both file caches; invalidate() makes a revocation visible', async (t) => {
  const dir = await tempDir(t);
  const users = join(dir, 'U');
  const groups = join(dir, 'G');
  await writeFile(users, `bob:${SHA_BOBPW}\n`);
  await writeFile(groups, 'admins: bob\n');
  const checker = new PasswordChecker({ revalidateMs: 60_000, verify: verifyHash });
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'bobpw'), { kind: 'granted', user: 'bob' });
  assert.deepEqual([...((await checker.loadGroups(groups, 'bob')) ?? [])], ['admins']);

  // bob gets a new password and leaves admins (atomic replacement, as `htserve passwd` does).
  await writeFile(join(dir, 'tmp'), `bob:${SHA_SAMPW}\n`);
  await rename(join(dir, 'tmp'), users);
  await writeFile(join(dir, 'tmp'), 'admins: sam\n');
  await rename(join(dir, 'tmp'), groups);
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'bobpw'), { kind: 'granted', user: 'bob' }, 'window');
  assert.deepEqual([...((await checker.loadGroups(groups, 'bob')) ?? [])], ['admins'], 'window');

  checker.invalidate(users);
  checker.invalidate(groups);
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'bobpw'), { kind: 'mismatch' }, 'cache hit refused');
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'sampw'), { kind: 'granted', user: 'bob' });
  assert.deepEqual([...((await checker.loadGroups(groups, 'bob')) ?? ['x'])], []);
});

test('htpasswd: a user name longer than 255 bytes is noted (htserve never signs it in)', () => {
  const long = 'u'.repeat(256);
  const parsed = parseHtpasswd(`${long}:${SHA_BOBPW}\n${'v'.repeat(255)}:${SHA_BOBPW}\n`, '/x/U');
  assert.equal(parsed.problems.length, 1);
  assert.equal(parsed.problems[0]!.line, 1);
  assert.match(parsed.problems[0]!.message, /longer than 255 bytes/);
});

test('loadGroups: groups of a user; null when the group file is missing', async (t) => {
  const dir = await tempDir(t);
  const groups = join(dir, 'G');
  await writeFile(groups, G);
  const checker = new PasswordChecker();
  assert.deepEqual([...((await checker.loadGroups(groups, 'bob')) ?? [])], ['admins']);
  assert.deepEqual([...((await checker.loadGroups(groups, 'eve')) ?? ['x'])], []);
  assert.equal(await checker.loadGroups(join(dir, 'missing'), 'bob'), null);
  await writeFile(groups, 'admins: bob\nStaff: bob\n');
  assert.deepEqual([...((await checker.loadGroups(groups, 'bob')) ?? [])].sort(), ['admins', 'staff']);
});
