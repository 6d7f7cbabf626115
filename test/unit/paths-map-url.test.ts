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
