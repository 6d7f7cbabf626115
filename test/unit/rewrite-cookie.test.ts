// The CO flag's Set-Cookie values, field by field as mod_rewrite's add_cookie writes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cookieFromSpec } from '../../src/rewrite/cookie.js';

const NOW = new Date(Date.UTC(2026, 11, 3, 7, 0, 0));

test('name, value and domain are required; path defaults to /', () => {
  assert.equal(cookieFromSpec('lang:en', NOW), null);
  assert.deepEqual(cookieFromSpec('lang:en:.example.com', NOW), {
    name: 'lang',
    header: 'lang=en; path=/; domain=.example.com',
  });
});

test('lifetime in minutes gives a Netscape-style expires; secure, HttpOnly and SameSite follow', () => {
  assert.equal(
    cookieFromSpec('id:42:example.com:90:/app:secure:HttpOnly:Strict', NOW)?.header,
    'id=42; path=/app; domain=example.com; expires=Thu, 03-Dec-2026 08:30:00 GMT; secure; HttpOnly; SameSite=Strict',
  );
  assert.equal(cookieFromSpec('id:42:example.com:0:/:false:0:0', NOW)?.header, 'id=42; path=/; domain=example.com');
});

test('empty fields are skipped, and a leading ; switches the separator', () => {
  // apr_strtok: "a:b::d" has three fields, so "d" is the domain.
  assert.equal(cookieFromSpec('a:b::d', NOW)?.header, 'a=b; path=/; domain=d');
  assert.equal(
    cookieFromSpec(';t;12:30;example.com;0;/;1;1', NOW)?.header,
    't=12:30; path=/; domain=example.com; secure; HttpOnly',
  );
});
