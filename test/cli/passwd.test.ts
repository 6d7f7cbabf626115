// `htserve passwd`, run in-process with fake streams, and checked against Apache's real
// htpasswd in both directions when it is installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod, symlink, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPasswd } from '../../src/cli/passwd.js';
import { parseHtpasswd } from '../../src/authn/htpasswd-file.js';
import { verifyHash } from '../../src/authn/hash-formats.js';
import { NO_HTPASSWD } from '../helpers/binaries.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

class FakeTty extends PassThrough {
  readonly rawModes: boolean[] = [];
  setRawMode(mode: boolean): this {
    this.rawModes.push(mode);
    return this;
  }
}

/** Run `htserve passwd <args>` with `input` chunks on stdin (ended afterwards). */
async function passwd(
  args: string[],
  input: string[] = [],
  opts: { tty?: boolean; stdin?: PassThrough } = {},
): Promise<Run> {
  const stdin = opts.stdin ?? new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const running = runPasswd(args, { stdin, stdout, stderr, isTTY: opts.tty ?? false });
  for (const chunk of input) {
    await new Promise((resolve) => setImmediate(resolve));
    stdin.write(chunk);
  }
  stdin.end();
  const code = await running;
  return { code, stdout: out, stderr: err };
}

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-passwd-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function hashOf(file: string, user: string): Promise<string | undefined> {
  return parseHtpasswd(await readFile(file, 'utf8'), file).entries.get(user)?.hash;
}

const SHA_BOBPW = '{SHA}KXV5lfOmXj1HOy0eE1tRGdIyUHw=';

test('-c creates the file with a $2y$ bcrypt entry; -i reads the first line of stdin', async (t) => {
  const file = join(await tempDir(t), '.htpasswd');
  const run = await passwd(['-c', '-i', '-C', '4', file, 'bob'], ['bobpw\r\nignored second line\n']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Adding password for user bob/);
  const text = await readFile(file, 'utf8');
  assert.match(text, /^bob:\$2y\$04\$[./A-Za-z0-9]{53}\n$/);
  assert.equal(await verifyHash('bobpw', (await hashOf(file, 'bob'))!), true);
});

test('default bcrypt cost is 10; -m writes apr1, -s writes {SHA}; grouped flags work', async (t) => {
  const file = join(await tempDir(t), 'U');
  assert.equal((await passwd(['-ci', file, 'bob'], ['bobpw\n'])).code, 0);
  assert.match((await hashOf(file, 'bob'))!, /^\$2y\$10\$/);
  assert.equal((await passwd(['-mi', file, 'alice'], ['alicepw\n'])).code, 0);
  assert.match((await hashOf(file, 'alice'))!, /^\$apr1\$/);
  assert.equal((await passwd(['-si', file, 'sam'], ['bobpw\n'])).code, 0);
  assert.equal(await hashOf(file, 'sam'), SHA_BOBPW);
  assert.equal((await passwd(['-iBC5', file, 'carl'], ['carlpw\n'])).code, 0);
  assert.match((await hashOf(file, 'carl'))!, /^\$2y\$05\$/);
});

test('adding and updating keep every other line untouched (comments, order, CRLF, no final newline)', async (t) => {
  const file = join(await tempDir(t), 'U');
  const original = `# team\r\nalice:${SHA_BOBPW}\r\n\r\n  bob:old\r\n# end\r\ncarl:${SHA_BOBPW}`;
  await writeFile(file, original);

  const update = await passwd(['-si', file, 'bob'], ['newpw\n']);
  assert.equal(update.code, 0, update.stderr);
  assert.match(update.stderr, /Updating password for user bob/);
  const newHash = (await passwd(['-nsi', 'x'], ['newpw\n'])).stdout.trim().slice(2);
  assert.equal(await readFile(file, 'utf8'), original.replace('  bob:old', `bob:${newHash}`));

  const add = await passwd(['-si', file, 'dave'], ['davepw\n']);
  assert.match(add.stderr, /Adding password for user dave/);
  const text = await readFile(file, 'utf8');
  assert.ok(text.startsWith(original.replace('  bob:old', `bob:${newHash}`) + '\r\n'), 'appended on a new line');
  assert.match(text, /\r\ndave:\{SHA\}[^\r\n]+\r\n$/, "in the file's CRLF style");
});

test('updating replaces every line of a duplicated user, like htpasswd', async (t) => {
  const file = join(await tempDir(t), 'U');
  await writeFile(file, 'bob:one\nsam:x\nbob:two\n');
  assert.equal((await passwd(['-si', file, 'bob'], ['bobpw\n'])).code, 0);
  assert.equal(await readFile(file, 'utf8'), `bob:${SHA_BOBPW}\nsam:x\nbob:${SHA_BOBPW}\n`);
});

test('-D deletes the user (all its lines); an unknown user is reported with exit 0', async (t) => {
  const file = join(await tempDir(t), 'U');
  await writeFile(file, `# c\nbob:a\nsam:b\nbob:c\n`);
  const del = await passwd(['-D', file, 'bob']);
  assert.equal(del.code, 0);
  assert.match(del.stderr, /Deleting password for user bob/);
  assert.equal(await readFile(file, 'utf8'), '# c\nsam:b\n');
  const missing = await passwd(['-D', file, 'nobody']);
  assert.equal(missing.code, 0);
  assert.match(missing.stderr, /User nobody not found/);
  assert.equal(await readFile(file, 'utf8'), '# c\nsam:b\n');
});

test('-v: 0 when correct, 3 when wrong, 6 when the user is missing; checks the first entry', async (t) => {
  const file = join(await tempDir(t), 'U');
  await writeFile(file, `bob:${SHA_BOBPW}\nbob:{SHA}zdfHiOZdF7FOb1t0y5i0bM17qNc=\npete:petepw\n`);
  const ok = await passwd(['-vi', file, 'bob'], ['bobpw\n']);
  assert.equal(ok.code, 0);
  assert.match(ok.stderr, /Password for user bob correct\./);
  const wrong = await passwd(['-vi', file, 'bob'], ['sampw\n']);
  assert.equal(wrong.code, 3, 'the shadowed second entry is not used');
  assert.match(wrong.stderr, /password verification failed/);
  const plain = await passwd(['-vi', file, 'pete'], ['petepw\n']);
  assert.equal(plain.code, 3);
  assert.match(plain.stderr, /:3: .*plain text/);
  const missing = await passwd(['-vi', file, 'nobody'], ['x\n']);
  assert.equal(missing.code, 6);
  assert.match(missing.stderr, /User nobody not found/);
});

test('terminal: prompts twice without echo (raw mode on, then off), handles backspace', async (t) => {
  const file = join(await tempDir(t), 'U');
  const stdin = new FakeTty();
  // "bobpx<DEL>w" typed, then Enter (CR as a raw terminal sends it), twice.
  const run = await passwd(['-c', '-s', file, 'bob'], ['bobpx\x7fw\r', 'bobpw\r'], { tty: true, stdin });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /New password: \nRe-type new password: \n/);
  assert.ok(!run.stderr.includes('bobpw') && !run.stdout.includes('bobpw'), 'the password is never echoed');
  assert.deepEqual(stdin.rawModes, [true, false]);
  assert.equal(await hashOf(file, 'bob'), SHA_BOBPW);
});

test('terminal: different retyped password → exit 3 "password verification error", file untouched', async (t) => {
  const file = join(await tempDir(t), 'U');
  await writeFile(file, 'sam:x\n');
  const run = await passwd(['-s', file, 'bob'], ['one\r', 'two\r'], { tty: true, stdin: new FakeTty() });
  assert.equal(run.code, 3);
  assert.match(run.stderr, /password verification error/);
  assert.equal(await readFile(file, 'utf8'), 'sam:x\n');
});

test('terminal: Ctrl-C interrupts with exit 4 and restores the terminal', async (t) => {
  const file = join(await tempDir(t), 'U');
  const stdin = new FakeTty();
  const run = await passwd(['-c', file, 'bob'], ['bo\x03'], { tty: true, stdin });
  assert.equal(run.code, 4);
  assert.deepEqual(stdin.rawModes, [true, false]);
  await assert.rejects(stat(file), { code: 'ENOENT' });
});

test('piped input without -i: two lines; empty input is refused', async (t) => {
  const file = join(await tempDir(t), 'U');
  assert.equal((await passwd(['-cs', file, 'bob'], ['bobpw\nbobpw\n'])).code, 0);
  assert.equal(await hashOf(file, 'bob'), SHA_BOBPW);
  assert.equal((await passwd(['-s', file, 'sam'], [])).code, 4);
  assert.equal((await passwd(['-si', file, 'sam'], [])).code, 4);
  // An explicitly empty line is an empty password, as with htpasswd.
  assert.equal((await passwd(['-si', file, 'empty'], ['\n'])).code, 0);
  assert.equal(await verifyHash('', (await hashOf(file, 'empty'))!), true);
});

test('-n prints user:hash on stdout and touches no file', async () => {
  const run = await passwd(['-nsi', 'bob'], ['bobpw\n']);
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `bob:${SHA_BOBPW}\n`);
});

const FAILURES: Array<[string, string[], string[], number, RegExp]> = [
  ['user with a colon', ['-ci', 'F', 'a:b'], ['pw\n'], 6, /illegal character ':'/],
  ['empty user', ['-ci', 'F', ''], ['pw\n'], 6, /empty/],
  ['user with surrounding spaces', ['-ci', 'F', ' bob'], ['pw\n'], 6, /whitespace/],
  ['user starting with #', ['-ci', 'F', '#bob'], ['pw\n'], 6, /comment/],
  ['user too long', ['-ci', 'F', 'u'.repeat(256)], ['pw\n'], 5, /too long/],
  ['password too long', ['-ci', 'F', 'bob'], ['p'.repeat(256) + '\n'], 5, /too long/],
  ['two modes', ['-cD', 'F', 'bob'], [], 2, /only one of -c -n -v -D/],
  ['unknown flag', ['-x', 'F', 'bob'], [], 2, /unknown option -x/],
  ['missing user', ['-c', 'F'], [], 2, /expected/],
  ['bcrypt cost out of range', ['-ciC', '18', 'F', 'bob'], ['pw\n'], 2, /cost must be from 4 to 17/],
  ['non-numeric cost', ['-ciC', 'x', 'F', 'bob'], ['pw\n'], 2, /positive integer/],
];

for (const [name, args, input, code, message] of FAILURES) {
  test(`fails cleanly: ${name} → exit ${code}`, async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'F');
    const run = await passwd(
      args.map((arg) => (arg === 'F' ? file : arg)),
      input,
    );
    assert.equal(run.code, code, run.stderr);
    assert.match(run.stderr, message);
    assert.deepEqual(await readdir(dir), [], 'no file written');
  });
}

test('a missing file without -c is exit 1; a file with a colon-less line is exit 7 and untouched', async (t) => {
  const dir = await tempDir(t);
  const missing = await passwd(['-si', join(dir, 'nope'), 'bob'], ['pw\n']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /use '-c' to create it/);
  const file = join(dir, 'U');
  await writeFile(file, 'bob:x\nnot an htpasswd line\n');
  const invalid = await passwd(['-si', file, 'sam'], ['pw\n']);
  assert.equal(invalid.code, 7);
  assert.match(invalid.stderr, /line 2/);
  assert.equal(await readFile(file, 'utf8'), 'bob:x\nnot an htpasswd line\n');
});

test('-C with a non-bcrypt algorithm is ignored with a warning', async () => {
  const run = await passwd(['-nsiC', '99', 'bob'], ['bobpw\n']);
  assert.equal(run.code, 0);
  assert.match(run.stderr, /ignoring -C/);
  assert.equal(run.stdout, `bob:${SHA_BOBPW}\n`);
});

test('the file is replaced atomically: new inode, same mode, no temp file left, symlink kept', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, '.htpasswd');
  await writeFile(file, 'sam:x\n');
  await chmod(file, 0o640);
  const before = await stat(file);
  assert.equal((await passwd(['-si', file, 'bob'], ['bobpw\n'])).code, 0);
  const after = await stat(file);
  assert.notEqual(after.ino, before.ino, 'renamed into place, not rewritten');
  assert.equal(after.mode & 0o7777, 0o640);
  assert.deepEqual(await readdir(dir), ['.htpasswd']);

  const link = join(dir, 'link');
  await symlink(file, link);
  assert.equal((await passwd(['-si', link, 'carl'], ['carlpw\n'])).code, 0);
  assert.ok((await lstat(link)).isSymbolicLink(), 'the link is still a link');
  assert.ok((await hashOf(file, 'carl')) !== undefined, 'its target was updated');
});

test('a latin1 (non-UTF-8) file keeps its bytes when edited', async (t) => {
  const file = join(await tempDir(t), 'U');
  const latin1 = Buffer.from('# caf\xe9\nj\xe9r\xf4me:x\n', 'latin1');
  await writeFile(file, latin1);
  assert.equal((await passwd(['-si', file, 'bob'], ['bobpw\n'])).code, 0);
  assert.deepEqual(await readFile(file), Buffer.concat([latin1, Buffer.from(`bob:${SHA_BOBPW}\n`)]));
});

// ---------------------------------------------------------------- with Apache's htpasswd

const REAL_FLAGS = ['B', 'm', 's', 'd', '2', '5'];

test(
  'cross-check: entries written by real htpasswd -b verify with htserve passwd -v',
  { skip: NO_HTPASSWD },
  async (t) => {
    const file = join(await tempDir(t), 'U');
    spawnSync('htpasswd', ['-cbs', file, 'first', 'x']);
    for (const flag of REAL_FLAGS) {
      const user = `u${flag}`;
      const made = spawnSync('htpasswd', [`-b${flag}`, ...(flag === 'B' ? ['-C', '4'] : []), file, user, 'pässwd1'], {
        encoding: 'utf8',
      });
      assert.equal(made.status, 0, made.stderr);
      assert.equal((await passwd(['-vi', file, user], ['pässwd1\n'])).code, 0, `-${flag}`);
      assert.equal((await passwd(['-vi', file, user], ['pässwd2\n'])).code, 3, `-${flag} wrong`);
      // DES only uses the first 8 bytes ("pässwd1" is 8 bytes in UTF-8).
      assert.equal(
        (await passwd(['-vi', file, user], ['pässwd1+more\n'])).code,
        flag === 'd' ? 0 : 3,
        `-${flag} longer`,
      );
      assert.equal((await passwd(['-vi', file, user], ['nope\n'])).code, 3, `-${flag} wrong`);
    }
  },
);

test(
  'cross-check: entries written by htserve passwd verify with real htpasswd -v',
  { skip: NO_HTPASSWD },
  async (t) => {
    const file = join(await tempDir(t), 'U');
    assert.equal((await passwd(['-ci', '-C', '4', file, 'bob'], ['pässwd1\n'])).code, 0);
    assert.equal((await passwd(['-mi', file, 'alice'], ['pässwd1\n'])).code, 0);
    assert.equal((await passwd(['-si', file, 'sam'], ['pässwd1\n'])).code, 0);
    for (const user of ['bob', 'alice', 'sam']) {
      assert.equal(spawnSync('htpasswd', ['-vb', file, user, 'pässwd1']).status, 0, user);
      assert.equal(spawnSync('htpasswd', ['-vb', file, user, 'pässwd2']).status, 3, user);
    }
    // And each tool keeps editing what the other wrote.
    assert.equal(spawnSync('htpasswd', ['-bm', file, 'bob', 'changed']).status, 0);
    assert.equal((await passwd(['-vi', file, 'bob'], ['changed\n'])).code, 0);
    assert.equal((await passwd(['-D', file, 'alice'])).code, 0);
    assert.equal(spawnSync('htpasswd', ['-vb', file, 'alice', 'pässwd1']).status, 6);
    assert.equal(spawnSync('htpasswd', ['-vb', file, 'sam', 'pässwd1']).status, 0);
  },
);
