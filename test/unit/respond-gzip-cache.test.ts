// The gzipped-body cache (src/respond/gzip-cache.ts): one compression per file version, a changed
// file is a miss, the byte budget holds, and a burst of large files is told to stream instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GzipCache, zlibOptions } from '../../src/respond/gzip-cache.js';

const text = (n: number, tag: string): string => `${tag} `.repeat(n);

test('compresses once per version, misses on change, and keeps to its budget', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-gzip-'));
  try {
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    await writeFile(a, text(5000, 'alpha'));
    await writeFile(b, text(5000, 'beta'));
    // room for the larger of the two compressed bodies, not for both
    const sizes = [text(5000, 'alpha'), text(5000, 'beta')].map((t) => gzipSync(t, zlibOptions(6)).length);
    const budget = Math.max(...sizes) + Math.min(...sizes) - 1;
    const cache = new GzipCache(budget, 1 << 20, 6);
    const first = await cache.get(a, await stat(a), false);
    assert.ok(first !== null && first !== 'busy');
    assert.equal(gunzipSync(first.body).toString(), text(5000, 'alpha'));
    assert.equal(first.body.length, sizes[0]);
    assert.equal(await cache.get(a, await stat(a), false), first, 'the same entry again');

    // b pushes a out
    const second = await cache.get(b, await stat(b), false);
    assert.ok(second !== null && second !== 'busy');
    assert.notEqual(await cache.get(a, await stat(a), false), first, 'a was evicted and compressed again');

    const old = await stat(b);
    await writeFile(b, text(6000, 'gamma'));
    assert.equal(await cache.get(b, old, false), null, 'the file is no longer the version asked for');
    const fresh = await cache.get(b, await stat(b), false);
    assert.ok(fresh !== null && fresh !== 'busy');
    assert.equal(gunzipSync(fresh.body).toString(), text(6000, 'gamma'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a burst of distinct files beyond the concurrency bound is told to stream', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-gzip-'));
  try {
    const paths = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const p = join(dir, `f${i}.txt`);
        await writeFile(p, text(20000, `file${i}`));
        return p;
      }),
    );
    const cache = new GzipCache(1 << 24, 1 << 24, 6);
    const stats = await Promise.all(paths.map((p) => stat(p)));
    const results = await Promise.all(paths.map((p, i) => cache.get(p, stats[i]!, false)));
    assert.ok(results.includes('busy'), 'some are refused while four are compressed');
    assert.ok(results.filter((r) => r !== 'busy' && r !== null).length >= 1);
    // the same file asked twice at once shares one compression
    const [x, y] = await Promise.all([cache.get(paths[5]!, stats[5]!, false), cache.get(paths[5]!, stats[5]!, false)]);
    assert.equal(x, y);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
