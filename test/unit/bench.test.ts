// The benchmark's pure parts (bench/): flags, the fixture, the generated peer configurations, the
// tables and the chart. Running it is CI's `npm run bench -- --quick`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { buildFixture, basicAuth } from '../../bench/fixture.js';
import { parseOptions, UsageError } from '../../bench/options.js';
import { chartSvg, floodTable, fmtRatio, readmeBlock, resultsTable, type Results } from '../../bench/report.js';
import { SCENARIOS } from '../../bench/scenarios.js';
import { apacheConfig, caddyfile, nginxConfig } from '../../bench/servers.js';
import type { LoadResult } from '../../bench/load.js';

test('bench flags: defaults, --quick, lists and errors', () => {
  const full = parseOptions([]);
  assert.equal(full.duration, 10);
  assert.equal(full.connections, 50);
  assert.equal(full.threads, 2);
  assert.equal(full.budget, null);
  const quick = parseOptions(['--quick']);
  assert.ok(quick.duration < 1 && quick.budget !== null);
  const o = parseOptions([
    '--quick',
    '--duration',
    '2',
    '--connections=10',
    '--only',
    'htserve,apache',
    '--scenarios',
    '1k,flood',
    '--workers',
    '2',
    '--readme',
  ]);
  assert.equal(o.duration, 2);
  assert.equal(o.connections, 10);
  assert.deepEqual(o.only, ['htserve', 'apache']);
  assert.deepEqual(o.scenarios, ['1k', 'flood']);
  assert.equal(o.workers, 2);
  assert.equal(o.readme, true);
  assert.throws(() => parseOptions(['--scenarios', 'nope']), UsageError);
  assert.throws(() => parseOptions(['--connections', '0']), UsageError);
  assert.throws(() => parseOptions(['--workers', '1.5']), UsageError);
  assert.throws(() => parseOptions(['--frobnicate']), UsageError);
});

test('bench fixture: world-readable tree, three access files, a bcrypt htpasswd outside the root', () => {
  const fx = buildFixture();
  try {
    assert.equal(statSync(fx.dir).mode & 0o777, 0o755);
    assert.equal(statSync(join(fx.docroot, 'a', 'b', 'c', '1k.txt')).size, 1024);
    assert.equal(statSync(join(fx.docroot, 'files', '100k.bin')).size, 100 * 1024);
    assert.equal(statSync(join(fx.docroot, 'files', '10m.bin')).size, 10 * 1024 * 1024);
    assert.equal(statSync(join(fx.docroot, 'list', 'file-0999.txt')).mode & 0o777, 0o644);
    assert.equal(fx.bigListCount, 10000);
    assert.equal(readdirSync(join(fx.docroot, 'list10k')).filter((n) => n.startsWith('file-')).length, 10000);
    assert.equal(statSync(join(fx.docroot, 'list10k', 'file-09999.txt')).mode & 0o777, 0o644);
    for (const d of ['a', 'a/b', 'a/b/c', 'list', 'list10k', 'protected']) {
      assert.ok(statSync(join(fx.docroot, d, '.htaccess')).isFile(), d);
    }
    assert.ok(!fx.htpasswd.startsWith(fx.docroot));
    const [user, hash] = readFileSync(fx.htpasswd, 'utf8').trim().split(':');
    assert.equal(user, fx.user);
    assert.match(hash ?? '', /^\$2y\$10\$/);
    assert.ok(bcrypt.compareSync(fx.password, hash ?? ''));
    assert.match(readFileSync(join(fx.docroot, 'protected', '.htaccess'), 'utf8'), /Require valid-user/);
    assert.equal(basicAuth('a', 'b'), `Basic ${Buffer.from('a:b').toString('base64')}`);
  } finally {
    rmSync(fx.dir, { recursive: true, force: true });
  }
});

test('bench peer configurations: loopback, no access log, listing and realm where they belong', () => {
  const apache = apacheConfig({ state: '/s', docroot: '/r', port: 1234, modules: '/m' });
  assert.match(apache, /^Listen 127\.0\.0\.1:1234$/m);
  assert.match(apache, /AllowOverride All/);
  assert.match(apache, /LoadModule mpm_event_module \/m\/mod_mpm_event\.so/);
  assert.doesNotMatch(apache, /^\s*CustomLog/m);
  const nginx = nginxConfig({ state: '/s', docroot: '/r', port: 1234, htpasswd: '/h', realm: 'R' });
  assert.match(nginx, /listen 127\.0\.0\.1:1234;/);
  assert.match(nginx, /access_log off;/);
  assert.match(nginx, /location \/list\/ \{\s+autoindex on;/);
  assert.match(nginx, /auth_basic_user_file \/h;/);
  // the 10,000-entry listing: HTML at /list10k/, JSON (same URL) for a client that asks for it
  assert.match(nginx, /location \/list10k\/ \{\s+autoindex on;\s+if \(\$http_accept ~\* "application\/json"\)/);
  assert.match(
    nginx,
    /location \/list10k-json\/ \{\s+internal;\s+alias \/r\/list10k\/;\s+autoindex on;\s+autoindex_format json;/,
  );
  const hash = '$2y$10$abcdefghijklmnopqrstuv';
  const caddy = caddyfile({ docroot: '/r', port: 1234, user: 'u', hash });
  assert.match(caddy, /admin off/);
  assert.match(caddy, /bind 127\.0\.0\.1/);
  assert.ok(caddy.includes(`u ${Buffer.from(hash).toString('base64')}`));
  assert.match(caddy, /file_server \/list10k\/\* browse/);
  const json = SCENARIOS.find((s) => s.id === 'listing10k-json');
  assert.deepEqual(
    [json?.path, json?.headers, json?.mediaType, json?.needs],
    ['/list10k/', { Accept: 'application/json' }, 'application/json', 'listing-json'],
  );
});

function load(rps: number, extra: Partial<LoadResult> = {}): LoadResult {
  return {
    tool: 'wrk',
    requests: rps,
    seconds: 1,
    rps,
    bytes: rps * 1024,
    mibps: rps / 1024,
    p50ms: 1,
    p99ms: 5,
    errorStatus: 0,
    unexpected: 0,
    connectErrors: 0,
    readErrors: 0,
    writeErrors: 0,
    timeouts: 0,
    ...extra,
  };
}

function results(): Results {
  const server = (id: string, label: string) => ({
    id,
    label,
    version: '1',
    state: 'ran' as const,
    features: ['listing', 'auth'] as const,
    notes: [],
    rssIdleKiB: 10240,
    rssAfterKiB: 20480,
    processesIdle: 1,
    processesAfter: 1,
  });
  return {
    meta: {
      date: '2026-01-01T00:00:00.000Z',
      command: 'x',
      machine: { cpu: 'CPU <1>', cores: 2, memGiB: 1, kernel: 'k', node: 'v20' },
      loader: { name: 'wrk', version: '4' },
      options: { connections: 50, duration: 10 },
      fixture: 'f',
    },
    servers: [
      server('htserve', 'htserve 0.1.0'),
      server('apache', 'Apache 2.4'),
      { ...server('caddy', 'Caddy 2'), state: 'missing', reason: 'not installed' },
    ],
    scenarios: SCENARIOS.filter((s) => s.id === '1k' || s.id === '404'),
    cells: [
      { scenario: '1k', server: 'htserve', state: 'ok', expected: 200, load: load(1000), ratio: 1 },
      { scenario: '1k', server: 'apache', state: 'ok', expected: 200, load: load(13300), ratio: 13.3 },
      {
        scenario: '404',
        server: 'htserve',
        state: 'ok',
        expected: 404,
        load: load(500, { errorStatus: 450, unexpected: 50 }),
        ratio: 1,
      },
      { scenario: '404', server: 'apache', state: 'mismatch', expected: 404, got: 200, message: 'status 200' },
    ],
    flood: [{ server: 'htserve', state: 'ok', calm: load(1000), flood: load(10), attack: load(3), ratio: 0.01 }],
    problems: [],
  };
}

test('bench report: ratios, loud mismatches, README block, a well-formed chart', () => {
  assert.equal(fmtRatio(13.3), '13.3×');
  assert.equal(fmtRatio(0.0123), '0.012×');
  assert.equal(fmtRatio(250), '250×');
  assert.equal(fmtRatio(null), '–');
  const r = results();
  const table = resultsTable(r);
  assert.match(table, /\| Apache 2\.4 +\| 13,300 +\| 13\.3× htserve/);
  assert.match(table, /⚠ 50 not 404/);
  assert.match(table, /✗ status 200/);
  assert.match(floodTable(r), /0\.010×/);
  const block = readmeBlock(r);
  assert.match(block, /^<!-- bench:begin/);
  assert.match(block, /13,300 \(13\.3×\)/);
  assert.doesNotMatch(block, /Caddy/);
  const svg = chartSvg(r);
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /CPU &lt;1&gt;/);
  assert.equal((svg.match(/<rect /g) ?? []).length, 1 + 4); // background + 3 cells + 1 flood bar
  assert.ok(svg.trimEnd().endsWith('</svg>'));
});
