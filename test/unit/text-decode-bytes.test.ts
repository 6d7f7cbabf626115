import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBytes, encodeBytes } from '../../src/text/decode-bytes.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('valid UTF-8 decodes as UTF-8; anything else escapes each high byte', () => {
  assert.equal(decodeBytes(hex('636166 c3a9')), 'café');
  assert.equal(decodeBytes(hex('636166 e9')), 'caf\udce9');
  // one bad byte makes the whole sequence byte-escaped, the valid é included
  assert.equal(decodeBytes(hex('c3a9 e9')), '\udcc3\udca9\udce9');
});

test('encodeBytes gives the original bytes back for any bytes', () => {
  const samples = [
    '',
    '41',
    'c3a9',
    'e9',
    'c3a9e9',
    'ff fe',
    'c3',
    'e29883',
    'f09f9880',
    'f09f98',
    '2f 80 2f c0af',
    'efbbbf 41',
  ];
  for (const s of samples) assert.deepEqual(encodeBytes(decodeBytes(hex(s))), hex(s), s);
  for (let b = 0; b < 256; b++) assert.deepEqual(encodeBytes(decodeBytes(Buffer.of(b))), Buffer.of(b), String(b));
});

test('encodeBytes writes real characters as UTF-8 (astral ones too)', () => {
  assert.deepEqual(encodeBytes('é☃😀'), Buffer.from('é☃😀', 'utf8'));
  assert.deepEqual(encodeBytes('a\udce9b'), hex('61 e9 62'));
});
