import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeUrlPath, mapUrl } from '../../src/paths/map-url.js';

function path(target: string) {
  const m = mapUrl(target);
  if (m.kind !== 'path') assert.fail(`${target}: ${m.kind}`);
  return m;
}

test('no `?` is no query (Apache r->args NULL); a bare `?` is an empty one', () => {
  const table: Array<[string, string | null]> = [
    ['/dir', null],
    ['/dir?', ''],
    ['/dir??', '?'],
    ['/dir?a=1', 'a=1'],
    ['/dir?%zz', '%zz'],
    ['/dir/?', ''],
    ['http://h/dir?', ''],
    ['http://h', null],
  ];
  for (const [target, query] of table) assert.equal(path(target).query, query, target);
});

test('the query does not change the path', () => {
  for (const target of ['/a/b', '/a/b?', '/a/b?x', '/a/b??']) {
    const m = path(target);
    assert.deepEqual([m.urlPath, m.segments, m.trailingSlash], ['/a/b', ['a', 'b'], false], target);
  }
});

test('encodeUrlPath escapes with lower-case hex, like ap_escape_uri', () => {
  assert.equal(encodeUrlPath('/déjà/'), '/d%c3%a9j%c3%a0/');
  assert.equal(encodeUrlPath('/a b?#%'), '/a%20b%3f%23%25');
});

test('raw non-ASCII in the target counts as its bytes, exactly like the %XX forms', () => {
  // src/server/raw-target.ts hands a raw target over as decodeBytes() text: é is C3 A9, \udce9 the byte E9
  const forms = ['/déjà/café.txt', '/d%C3%A9j%c3%a0/caf%C3%A9.txt', '/déj%C3%A0/café.txt'];
  for (const target of forms) {
    const m = path(target);
    assert.deepEqual([m.urlPath, m.segments], ['/déjà/café.txt', ['déjà', 'café.txt']], target);
  }
  // a byte that is not UTF-8, raw or escaped, stays that byte
  assert.equal(path('/caf\udce9').urlPath, '/caf\udce9');
  assert.equal(path('/caf%e9').urlPath, '/caf\udce9');
  // mixing a raw byte E9 with an escaped é: the whole name is bytes, not UTF-8
  assert.equal(path('/\udce9%C3%A9').urlPath, '/\udce9\udcc3\udca9');
  assert.equal(path('/\udcc3%A9').urlPath, '/é', 'a raw C3 and an escaped A9 make é');
});

test('raw non-ASCII meets the same checks as escapes', () => {
  const table: Array<[string, string, number | null]> = [
    ['/é/../x', '/x', null],
    ['/é/%2e%2e/x', '/x', null],
    ['/../é', '', 400],
    ['/é%2fx', '', 404],
    ['/é%00', '', 404],
    ['/é%zz', '', 400],
    ['/é%', '', 400],
    ['/é#', '', 400],
  ];
  for (const [target, urlPath, status] of table) {
    const m = mapUrl(target);
    if (status === null) assert.equal(m.kind === 'path' && m.urlPath, urlPath, target);
    else assert.equal(m.kind === 'reject' && m.status, status, target);
  }
});

test('the query keeps raw text as it is (never decoded)', () => {
  assert.equal(path('/x?q=é%C3%A9').query, 'q=é%C3%A9');
  assert.equal(path('/x?q=\udce9').query, 'q=\udce9');
});

test('encodeUrlPath escapes an escaped raw byte as that byte', () => {
  assert.equal(encodeUrlPath('/caf\udce9/'), '/caf%e9/');
  assert.equal(encodeUrlPath(path('/déjà').urlPath + '/'), '/d%c3%a9j%c3%a0/');
});
