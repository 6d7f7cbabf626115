// Geolocation rules (issue 13): mod_maxminddb's directives set variables from a MaxMind DB that
// SetEnvIf, Deny from env=, Require env / expr, rewrites and (at the server level) <If> use.
// The databases are written by the tests (test/helpers/mmdb.ts); clients come from several
// loopback addresses, each mapped to a country.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { runCli } from '../helpers/cli.js';
import { waitForMatch } from '../helpers/wait.js';
import { buildMmdb, Double, type MmdbNetwork } from '../helpers/mmdb.js';

/** 127.0.0.0/8 is Germany, except 127.0.0.2 (France) and 127.0.0.3 (New Zealand). */
const COUNTRIES: MmdbNetwork[] = [
  {
    network: '127.0.0.0/8',
    data: {
      country: { iso_code: 'DE', names: { en: 'Germany' }, is_in_european_union: true, geoname_id: 2921044 },
      location: { latitude: 51.25, longitude: new Double(9) },
    },
  },
  { network: '127.0.0.2/32', data: { country: { iso_code: 'FR', names: { en: 'France' } } } },
  {
    network: '127.0.0.3/32',
    data: { country: { iso_code: 'NZ' }, subdivisions: [{ iso_code: 'AUK' }, { iso_code: 'WGN' }] },
  },
  { network: '::1/128', data: { country: { iso_code: 'NZ' } } },
  { network: '2001:db8::/32', data: { country: { iso_code: 'JP' } } },
];

const DE = '127.0.0.1';
const FR = '127.0.0.2';
const NZ = '127.0.0.3';

const lookupLines = (db: string): string =>
  'MaxMindDBEnable On\n' +
  `MaxMindDBFile COUNTRY_DB ${db}\n` +
  'MaxMindDBEnv MM_COUNTRY_CODE COUNTRY_DB/country/iso_code\n';

describe('geolocation rules in access files (mod_maxminddb)', () => {
  let data: string;
  let root: string;
  let server: TestServer;
  let db: string;
  before(async () => {
    data = await makeTree({
      'country.mmdb': { content: buildMmdb(COUNTRIES) },
      'v4only.mmdb': {
        content: buildMmdb([{ network: '127.0.0.0/8', data: { country_code: 'DE' } }], { ipVersion: 4 }),
      },
      'broken.mmdb': 'not a database\n',
    });
    db = path.join(data, 'country.mmdb');
    root = await makeTree({
      // the module's own example: deny some countries, everyone else is served
      'blocked/.htaccess': `${lookupLines(db)}SetEnvIf MM_COUNTRY_CODE ^(RU|DE) BlockCountry\nDeny from env=BlockCountry\n`,
      'blocked/f.txt': 'blocked\n',
      'only-nz/.htaccess': `<IfModule mod_maxminddb.c>\n${lookupLines(db)}</IfModule>\nSetEnvIf MM_COUNTRY_CODE ^NZ$ FromNZ\nRequire env FromNZ\n`,
      'only-nz/f.txt': 'kia ora\n',
      'values/.htaccess':
        lookupLines(db) +
        'MaxMindDBEnv MM_LAT COUNTRY_DB/location/latitude\n' +
        'MaxMindDBEnv MM_LON COUNTRY_DB/location/longitude\n' +
        'MaxMindDBEnv MM_EU COUNTRY_DB/country/is_in_european_union\n' +
        'MaxMindDBEnv MM_GEONAME COUNTRY_DB/country/geoname_id\n' +
        'MaxMindDBEnv MM_NAME COUNTRY_DB/country/names/en\n' +
        'MaxMindDBNetworkEnv COUNTRY_DB MM_NETWORK\n' +
        // a double holding a whole number reads '9' where the module writes '9.00000' (README, deliberate differences)
        "Require expr \"%{ENV:MM_LAT} == '51.25000' && %{ENV:MM_LON} == '9' && %{ENV:MM_EU} == '1' && " +
        "%{ENV:MM_GEONAME} == '2921044' && %{ENV:MM_NAME} == 'Germany' && %{ENV:MM_NETWORK} == '127.0.0.0/31' && " +
        "%{ENV:MMDB_ADDR} == '127.0.0.1' && %{ENV:MMDB_INFO} == 'result found'\"\n",
      'values/f.txt': 'values\n',
      'subdivision/.htaccess':
        `${lookupLines(db)}MaxMindDBEnv MM_REGION COUNTRY_DB/subdivisions/-1/iso_code\n` +
        'Require expr "%{ENV:MM_REGION} == \'WGN\'"\n',
      'subdivision/f.txt': 'region\n',
      // mod_rewrite's per-directory rules run later still: they see the variables
      'rewrite/.htaccess': `${lookupLines(db)}RewriteEngine On\nRewriteCond %{ENV:MM_COUNTRY_CODE} =FR\nRewriteRule ^ - [F]\n`,
      'rewrite/f.txt': 'rewrite\n',
      // the directory level runs after <If> (header_parser): its variables are not there yet
      'if-dir/.htaccess': `${lookupLines(db)}<If "%{ENV:MM_COUNTRY_CODE} == 'FR'">\nRequire all denied\n</If>\n`,
      'if-dir/f.txt': 'if\n',
      // inherited: the child names no database but keeps the parent's lookups, and turns them off
      'blocked/open/.htaccess': 'MaxMindDBEnable Off\n',
      'blocked/open/f.txt': 'open\n',
      'missing/.htaccess': `MaxMindDBEnable On\nMaxMindDBFile COUNTRY_DB ${path.join(data, 'nope.mmdb')}\n`,
      'missing/f.txt': 'missing\n',
      'broken/.htaccess': `MaxMindDBFile COUNTRY_DB ${path.join(data, 'broken.mmdb')}\n`,
      'broken/f.txt': 'broken\n',
      // another record layout (ip-location-db's), in an IPv4-only file
      'v4only/.htaccess':
        `MaxMindDBEnable On\nMaxMindDBFile DB ${path.join(data, 'v4only.mmdb')}\nMaxMindDBEnv CC DB/country_code\n` +
        'SetEnvIf CC ^DE$ blocked\nDeny from env=blocked\n',
      'v4only/f.txt': 'v4\n',
      'notes/.htaccess': 'MaxMindDBSetNotes On\n',
      'notes/f.txt': 'notes\n',
    });
    server = await startServer(root);
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
    await removeTree(data);
  });

  it('denies a country with SetEnvIf and Deny from env=, and serves another', async () => {
    const de = await fetchRaw(server.url, '/blocked/f.txt', { from: DE });
    assert.equal(de.status, 403);
    const fr = await fetchRaw(server.url, '/blocked/f.txt', { from: FR });
    assert.equal(fr.status, 200);
    assert.equal(fr.body, 'blocked\n');
  });

  it('allows only one country with Require env', async () => {
    assert.equal((await fetchRaw(server.url, '/only-nz/f.txt', { from: NZ })).body, 'kia ora\n');
    assert.equal((await fetchRaw(server.url, '/only-nz/f.txt', { from: DE })).status, 403);
    assert.equal((await fetchRaw(server.url, '/only-nz/f.txt', { from: FR })).status, 403);
  });

  it('writes values as the module does: five decimals, 1/0, integers, names, the network, MMDB_ADDR and MMDB_INFO', async () => {
    const res = await fetchRaw(server.url, '/values/f.txt', { from: DE });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.body, 'values\n');
    // 127.0.0.2 is another record: the expression fails
    assert.equal((await fetchRaw(server.url, '/values/f.txt', { from: FR })).status, 403);
  });

  it('follows array indexes, negative ones from the end', async () => {
    assert.equal((await fetchRaw(server.url, '/subdivision/f.txt', { from: NZ })).status, 200);
    assert.equal((await fetchRaw(server.url, '/subdivision/f.txt', { from: DE })).status, 403);
  });

  it('lets rewrite conditions test the variables', async () => {
    assert.equal((await fetchRaw(server.url, '/rewrite/f.txt', { from: FR })).status, 403);
    assert.equal((await fetchRaw(server.url, '/rewrite/f.txt', { from: NZ })).body, 'rewrite\n');
  });

  it('sets nothing before <If> at the directory level, as the module runs after it', async () => {
    assert.equal((await fetchRaw(server.url, '/if-dir/f.txt', { from: FR })).status, 200);
  });

  it('inherits the parent directory and its MaxMindDBEnable Off turns the lookups off', async () => {
    assert.equal((await fetchRaw(server.url, '/blocked/open/f.txt', { from: DE })).body, 'open\n');
  });

  it('answers 500 for a database that does not open, with file:line in the error log', async () => {
    const missing = await fetchRaw(server.url, '/missing/f.txt', { from: DE });
    assert.equal(missing.status, 500);
    assert.doesNotMatch(missing.body, /nope\.mmdb/);
    const line = await waitForMatch(
      server.errorLog,
      /missing\/\.htaccess:2: MaxMindDBFile: Failed to open \S+nope\.mmdb: [^\n]*/,
    );
    assert.ok(line, server.errorLog());
    assert.match(line[0], /Error opening the specified MaxMind DB file \(ENOENT\)/);
    // a file that is not a database fails even without MaxMindDBEnable (Apache fails the file as it reads it)
    assert.equal((await fetchRaw(server.url, '/broken/f.txt', { from: DE })).status, 500);
    const broken = await waitForMatch(server.errorLog, /broken\/\.htaccess:1: MaxMindDBFile: Failed to open [^\n]*/);
    assert.ok(broken, server.errorLog());
    assert.match(broken[0], /The MaxMind DB file contains invalid metadata/);
  });

  it('logs an address the database cannot look up and serves on without the variables', async () => {
    assert.equal((await fetchRaw(server.url, '/v4only/f.txt', { from: DE })).status, 403);
    const v6 = await runCli(['check', '--root', root, '/v4only/f.txt', '--ip', '2001:db8::1']);
    assert.match(v6.stdout, /^ {2}200 OK$/m);
    assert.match(
      v6.stdout,
      /error log: \[error\] \[HT040\] \[mod_maxminddb\]: Error looking up '2001:db8::1': You attempted to look up an IPv6 address in an IPv4-only database/,
    );
  });

  it('is a module <IfModule> sees, and unknown when server.modules leaves it out', async () => {
    const without = ['--set', 'server.modules=authz_core authz_host access_compat setenvif'];
    const r = await runCli(['check', '--root', root, '/blocked/f.txt', '--ip', DE, ...without]);
    assert.match(r.stdout, /^ {2}500 Internal Server Error$/m);
    assert.match(r.stdout, /Invalid command 'MaxMindDBEnable'/);
    // inside <IfModule mod_maxminddb.c> the lines are skipped: nobody is from New Zealand then
    const skipped = await runCli(['check', '--root', root, '/only-nz/f.txt', '--ip', NZ, ...without]);
    assert.match(skipped.stdout, /^ {2}403 Forbidden$/m);
  });

  it('htserve lint reports a database that does not open where it is named', async () => {
    const r = await runCli(['lint', root]);
    assert.match(
      r.stdout,
      /missing\/\.htaccess:2: error: MaxMindDBFile: Failed to open \S+nope\.mmdb: [^\n]*every request here gets 500/,
    );
    assert.match(
      r.stdout,
      /broken\/\.htaccess:1: error: MaxMindDBFile: Failed to open \S+broken\.mmdb: The MaxMind DB file contains invalid metadata/,
    );
    assert.doesNotMatch(r.stdout, /country\.mmdb/);
    assert.match(r.stdout, /notes\/\.htaccess:1: warning: MaxMindDBSetNotes has no effect in htserve/);
  });

  it('accepts MaxMindDBSetNotes', async () => {
    assert.equal((await fetchRaw(server.url, '/notes/f.txt', { from: DE })).body, 'notes\n');
  });

  it('htserve check --ip shows the looked-up fields', async () => {
    const fr = await runCli(['check', '--root', root, '/blocked/f.txt', '--ip', FR]);
    assert.equal(fr.code, 0, fr.stderr);
    assert.match(fr.stdout, /MaxMindDB COUNTRY_DB: 127\.0\.0\.2 found: MM_COUNTRY_CODE=FR/);
    assert.match(fr.stdout, /^ {2}200 OK$/m);
    const de = await runCli(['check', '--root', root, '/values/f.txt', '--ip', DE]);
    assert.match(de.stdout, /MM_LAT=51\.25000/);
    assert.match(de.stdout, /MM_NETWORK=127\.0\.0\.0\/31/);
    const v6 = await runCli(['check', '--root', root, '/blocked/f.txt', '--ip', '2001:db8::7']);
    assert.match(v6.stdout, /2001:db8::7 found: MM_COUNTRY_CODE=JP/);
    const unknown = await runCli(['check', '--root', root, '/blocked/f.txt', '--ip', '192.0.2.1']);
    assert.match(unknown.stdout, /MaxMindDB COUNTRY_DB: 192\.0\.2\.1 not in the database/);
    assert.match(unknown.stdout, /^ {2}200 OK$/m);
  });
});

describe('geolocation at the server level ([geoip] in server.ini)', () => {
  let data: string;
  let root: string;
  let server: TestServer;
  let db: string;
  before(async () => {
    data = await makeTree({ 'country.mmdb': { content: buildMmdb(COUNTRIES) } });
    db = path.join(data, 'country.mmdb');
    root = await makeTree({
      // the server level runs before the walk (post_read_request): <If> sees its variables
      '.htaccess': `<If "%{ENV:MM_COUNTRY_CODE} == 'FR'">\nRequire all denied\n</If>\n`,
      'f.txt': 'hello\n',
      'net/.htaccess': 'Require expr "%{ENV:COUNTRY_NET} == \'127.0.0.3/32\'"\n',
      'net/f.txt': 'net\n',
    });
    server = await startServer(root, {
      set: [
        'geoip.enable=true',
        `geoip.databases=COUNTRY_DB=${db}`,
        'geoip.env=MM_COUNTRY_CODE=COUNTRY_DB/country/iso_code',
        'geoip.network_env=COUNTRY_DB=COUNTRY_NET',
      ],
    });
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
    await removeTree(data);
  });

  it('denies a country in <If>', async () => {
    assert.equal((await fetchRaw(server.url, '/f.txt', { from: FR })).status, 403);
    assert.equal((await fetchRaw(server.url, '/f.txt', { from: DE })).body, 'hello\n');
  });

  it('sets the network variable', async () => {
    assert.equal((await fetchRaw(server.url, '/net/f.txt', { from: NZ })).body, 'net\n');
    assert.equal((await fetchRaw(server.url, '/net/f.txt', { from: DE })).status, 403);
  });

  it('reopens a database replaced by rename, without a restart', async () => {
    const next = buildMmdb([{ network: '127.0.0.0/8', data: { country: { iso_code: 'FR' } } }]);
    const tmp = path.join(data, 'country.mmdb.new');
    await fs.writeFile(tmp, next);
    await fs.chmod(tmp, 0o644);
    await fs.rename(tmp, db);
    // the watcher (or at worst cache.revalidate_ms) makes the next requests see the new file
    let status = 0;
    for (let i = 0; i < 100 && status !== 403; i++) {
      status = (await fetchRaw(server.url, '/f.txt', { from: DE })).status;
      if (status !== 403) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 403);
  });

  it('refuses to start when a database does not open', async () => {
    const res = await runCli([
      root,
      '--port',
      '0',
      '--set',
      'geoip.enable=true',
      '--set',
      `geoip.databases=COUNTRY_DB=${path.join(data, 'nope.mmdb')}`,
    ]);
    assert.notEqual(res.code, 0);
    assert.match(
      res.stderr,
      /geoip: MaxMindDBFile: Failed to open \S*nope\.mmdb: Error opening the specified MaxMind DB file/,
    );
  });

  it('refuses [geoip] when maxminddb is not a loaded module', async () => {
    const res = await runCli([
      root,
      '--port',
      '0',
      '--set',
      'server.modules=authz_core access_compat',
      '--set',
      `geoip.databases=COUNTRY_DB=${db}`,
    ]);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /maxminddb is not in server\.modules/);
  });
});
