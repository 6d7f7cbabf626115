// Order and Satisfy inside <Limit>/<LimitExcept> apply to those methods only (mod_access_compat
// keeps them per method), checked against Apache 2.4 by the conformance suite.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { evaluateLegacy, satisfyAny } from '../../src/authz/legacy-eval.js';
import type { AllowOverride, LegacyAccess, OverrideCategory } from '../../src/htaccess/types.js';

const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};

function legacyOf(lines: string[]): LegacyAccess {
  const result = compileAccessFile(lines.join('\n'), '/srv/www/.htaccess', ALL);
  if (result.kind === 'error') assert.fail(result.error.message);
  const legacy = result.fragment.legacy;
  if (!legacy) assert.fail('no legacy access compiled');
  return legacy;
}

const allowed = (legacy: LegacyAccess, method: string, clientIp = '127.0.0.1'): boolean =>
  evaluateLegacy(legacy, { method, clientIp, clientHostName: null, env: new Map() }).allowed;

test('Order inside <Limit> sets the order of those methods only', () => {
  const rows: [string, string[], string, string, boolean][] = [
    ['allow,deny for GET', ['<Limit GET>', 'Order allow,deny', '</Limit>'], 'GET', '127.0.0.1', false],
    ['HEAD follows GET', ['<Limit GET>', 'Order allow,deny', '</Limit>'], 'HEAD', '127.0.0.1', false],
    ['other methods keep the default', ['<Limit GET>', 'Order allow,deny', '</Limit>'], 'POST', '127.0.0.1', true],
    ['OPTIONS keeps the default', ['<Limit GET>', 'Order allow,deny', '</Limit>'], 'OPTIONS', '127.0.0.1', true],
    [
      'outer order for GET',
      ['Order deny,allow', '<Limit POST>', 'Order allow,deny', '</Limit>'],
      'GET',
      '127.0.0.1',
      true,
    ],
    [
      'inner order for POST',
      ['Order deny,allow', '<Limit POST>', 'Order allow,deny', '</Limit>'],
      'POST',
      '127.0.0.1',
      false,
    ],
    [
      'a later unrestricted Order wins',
      ['<Limit GET>', 'Order allow,deny', '</Limit>', 'Order deny,allow'],
      'GET',
      '127.0.0.1',
      true,
    ],
    [
      // deny,allow for GET: the unrestricted `Allow from all` still overrides `Deny from all`
      'per-method order with per-method rules',
      ['Order allow,deny', 'Allow from all', '<Limit GET HEAD>', 'Order deny,allow', 'Deny from all', '</Limit>'],
      'GET',
      '127.0.0.1',
      true,
    ],
    [
      'per-method order, per-method deny',
      [
        'Order allow,deny',
        'Allow from all',
        '<Limit GET>',
        'Order deny,allow',
        'Deny from all',
        'Allow from 10.0.0.1',
        '</Limit>',
        '<Limit POST>',
        'Deny from all',
        '</Limit>',
      ],
      'POST',
      '127.0.0.1',
      false,
    ],
    [
      'per-method order, other method',
      ['Order allow,deny', 'Allow from all', '<Limit GET HEAD>', 'Order deny,allow', 'Deny from all', '</Limit>'],
      'POST',
      '127.0.0.1',
      true,
    ],
    [
      'LimitExcept covers OPTIONS',
      ['<LimitExcept GET HEAD>', 'Order allow,deny', '</LimitExcept>'],
      'OPTIONS',
      '127.0.0.1',
      false,
    ],
    [
      'LimitExcept leaves GET',
      ['<LimitExcept GET HEAD>', 'Order allow,deny', '</LimitExcept>'],
      'GET',
      '127.0.0.1',
      true,
    ],
  ];
  for (const [name, lines, method, ip, want] of rows) assert.equal(allowed(legacyOf(lines), method, ip), want, name);
});

test('the decisive Order line is the per-method one', () => {
  const legacy = legacyOf(['Order deny,allow', '<Limit POST>', 'Order allow,deny', '</Limit>']);
  const out = evaluateLegacy(legacy, { method: 'POST', clientIp: '127.0.0.1', clientHostName: null, env: new Map() });
  assert.deepEqual(out.decidedBy, { loc: { file: '/srv/www/.htaccess', line: 3 }, text: 'Order allow,deny' });
});

test('Satisfy inside <Limit> is per method', () => {
  const legacy = legacyOf(['<Limit GET>', 'Deny from all', 'Satisfy Any', '</Limit>']);
  assert.equal(satisfyAny(legacy, 'GET'), true);
  assert.equal(satisfyAny(legacy, 'HEAD'), true);
  assert.equal(satisfyAny(legacy, 'OPTIONS'), false);
  assert.equal(satisfyAny(legacyOf(['Satisfy Any', '<Limit POST>', 'Satisfy All', '</Limit>']), 'POST'), false);
  assert.equal(satisfyAny(legacyOf(['Satisfy Any', '<Limit POST>', 'Satisfy All', '</Limit>']), 'GET'), true);
  assert.equal(satisfyAny(legacyOf(['<Limit POST>', 'Satisfy All', '</Limit>', 'Satisfy Any']), 'POST'), true);
});
