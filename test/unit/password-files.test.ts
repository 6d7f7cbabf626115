// Password and group files are refused by identity (device and inode). When one is replaced by
// rename, its old inode number is forgotten unless another link still holds the old file: the
// file system soon gives a freed inode number to some new file, which must not then be refused.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PasswordFiles } from '../../src/htaccess/password-files.js';

describe('PasswordFiles identities after a replacement', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'htserve-pwfiles-'));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const replace = async (file: string, text: string): Promise<void> => {
    await fs.writeFile(`${file}.new`, text);
    await fs.rename(`${file}.new`, file);
  };

  it('forgets the old inode of a file replaced by rename', async () => {
    const users = path.join(dir, 'users');
    await fs.writeFile(users, 'bob:x\n');
    const files = new PasswordFiles(dir);
    await files.note(users);
    const old = await fs.stat(users);
    assert.equal(files.matches(old), true);
    await replace(users, 'alice:y\n');
    files.changed(users);
    await files.refresh();
    const now = await fs.stat(users);
    assert.equal(files.matches(now), true, 'the new file is refused');
    assert.equal(files.matches(old), false, 'the old inode number is free for other files');
  });

  it('keeps the old inode while a hard link still holds the old file', async () => {
    const groups = path.join(dir, 'groups');
    await fs.writeFile(groups, 'staff: bob\n');
    await fs.link(groups, path.join(dir, 'groups-backup'));
    const files = new PasswordFiles(dir);
    await files.note(groups);
    const old = await fs.stat(groups);
    await replace(groups, 'staff: alice\n');
    await files.refresh();
    assert.equal(files.matches(await fs.stat(path.join(dir, 'groups-backup'))), true, 'the hard link is refused');
    assert.equal(files.matches(old), true);
  });
});
