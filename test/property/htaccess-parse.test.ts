// Property: compiling an access file (lexer, src/htaccess/parse.ts, then every directive) never throws,
// whatever the text; a file it refuses is one error with this file's name, a line that exists
// and a message (docs/apache-behaviour.md §4.2: the 500 and `path/.htaccess:LINE: message`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { DIRECTIVES } from '../../src/htaccess/directives/table.js';
import type { AllowOverride, OverrideCategory } from '../../src/htaccess/types.js';

const RUNS = 3000;
const FILE = '/srv/www/d/.htaccess';
const CATEGORIES: OverrideCategory[] = ['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo'];
// Sections are named with their `<` in the table; lines below add it where they need it.
const NAMES = DIRECTIVES.map((d) => d.name.replace(/^</, ''));
const CONDITIONALS = ['IfModule', 'IfDefine', 'IfVersion', 'IfDirective', 'IfSection', 'IfFile'];

const word = fc.oneof(
  fc.constantFrom('all', 'granted', 'denied', 'valid-user', 'ip', '10.0.0.0/8', '::1', 'On', 'Off', '+Indexes', '-x'),
  fc.constantFrom('"quoted words"', "'single'", '"unterminated', '\\', '>', '<', '#', '%{REQUEST_URI}', '"-f %{X}"'),
  fc.constantFrom('^/(a+)+$', '(?i)x', '[', '404', '/errors/404.html', 'Basic', 'env=X', 'expr', '=~', '/a/'),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const directiveName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NAMES, ...CONDITIONALS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 10 }) },
);
const line = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(directiveName, fc.array(word, { maxLength: 5 })).map(([n, w]) => [n, ...w].join(' ')),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(directiveName, fc.array(word, { maxLength: 3 })).map(([n, w]) => `<${n} ${w.join(' ')}>`),
  },
  { weight: 2, arbitrary: directiveName.map((n) => `</${n}>`) },
  { weight: 1, arbitrary: fc.constantFrom('', '# comment', '   ', '\\', 'Require all granted \\', '\r', '\ufeff') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 8000, max: 9000 }).map((n) => `Require user ${'x'.repeat(n)}`) },
);
const text = fc
  .tuple(fc.array(line, { maxLength: 16 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, eol, final]) => lines.join(eol) + (final ? eol : ''));
const allow = fc
  .subarray(CATEGORIES, { minLength: 1 })
  .map((c): AllowOverride => ({ categories: new Set(c), optionsList: null }));

test('an access file compiles or is refused with a line that exists; it never throws', () => {
  fc.assert(
    fc.property(text, allow, (t, a) => {
      const result = compileAccessFile(t, FILE, a);
      if (result.kind === 'ok') return;
      const { file, line: at, message } = result.error;
      assert.equal(file, FILE);
      const physical = t.split('\n').length;
      assert.ok(Number.isInteger(at) && at >= 1 && at <= physical, `line ${at} of ${physical}: ${message}`);
      assert.equal(typeof message, 'string');
      assert.ok(message.length > 0);
    }),
    { numRuns: RUNS },
  );
});
