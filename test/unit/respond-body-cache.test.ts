// The body cache admits small files on their first request and large ones on their second, only
// for the exact version asked for twice, within its byte budget.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BodyCache } from '../../src/respond/body-cache.js';

describe('BodyCache admission', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'htserve-bodies-'));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps a small file from its first request', async () => {
    const file = path.join(dir, 'small.txt');
    await fs.writeFile(file, 'x'.repeat(100));
    const cache = new BodyCache(10_000, 5_000, 1_000);
    const st = await fs.stat(file);
    assert.equal(cache.eligible(file, st), true);
    const entry = await cache.load(file, st);
    assert.equal(entry?.body.toString(), 'x'.repeat(100));
    assert.equal(cache.get(file, st), entry);
  });

  it('keeps a large file only once the same version is asked for again', async () => {
    const file = path.join(dir, 'large.bin');
    await fs.writeFile(file, Buffer.alloc(3_000, 7));
    const cache = new BodyCache(10_000, 5_000, 1_000);
    const st = await fs.stat(file);
    assert.equal(cache.eligible(file, st), false, 'first request: streamed');
    assert.equal(cache.eligible(file, st), true, 'second request: kept');
    const entry = await cache.load(file, st);
    assert.equal(entry?.size, 3_000);
    assert.equal(cache.eligible(file, st), true, 'cached: stays eligible');

    const other = path.join(dir, 'other.bin');
    await fs.writeFile(other, Buffer.alloc(3_000, 1));
    const first = await fs.stat(other);
    assert.equal(cache.eligible(other, first), false);
    await fs.writeFile(other, Buffer.alloc(3_500, 2));
    const changed = await fs.stat(other);
    assert.equal(cache.eligible(other, changed), false, 'another version asked for once is not a second request');
  });

  it('never keeps a file above the per-file limit or the budget', async () => {
    const file = path.join(dir, 'huge.bin');
    await fs.writeFile(file, Buffer.alloc(6_000));
    const st = await fs.stat(file);
    const cache = new BodyCache(10_000, 5_000, 1_000);
    assert.equal(cache.eligible(file, st), false);
    assert.equal(cache.eligible(file, st), false);
    const off = new BodyCache(0, 5_000, 1_000);
    assert.equal(off.eligible(file, await fs.stat(path.join(dir, 'small.txt'))), false);
  });

  it('evicts the least recently stored bodies to stay within its budget', async () => {
    const cache = new BodyCache(2_500, 5_000, 5_000);
    const names = ['e1', 'e2', 'e3'];
    for (const n of names) await fs.writeFile(path.join(dir, n), Buffer.alloc(1_000, n.charCodeAt(1)));
    for (const n of names) {
      const f = path.join(dir, n);
      const st = await fs.stat(f);
      assert.equal(cache.eligible(f, st), true);
      await cache.load(f, st);
    }
    const firstStat = await fs.stat(path.join(dir, 'e1'));
    assert.equal(cache.get(path.join(dir, 'e1'), firstStat), undefined, 'the oldest was evicted');
    assert.ok(cache.get(path.join(dir, 'e3'), await fs.stat(path.join(dir, 'e3'))));
  });
});
