// Regular expressions from access files on the safe engines (src/regex): which engine a pattern
// gets, that every engine gives the same answers and captures (PCRE's), that replace keeps
// String.prototype.replace's substitutions, that a backtracking pattern refuses a subject over its
// limit instead of hanging, and the lint warnings for catastrophic shapes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { compileApacheRegex } from '../../src/htaccess/directives/regex.js';
import type { AllowOverride, OverrideCategory } from '../../src/htaccess/types.js';
import { RegexLimitError, compileSafeRegex, type SafeRegex } from '../../src/regex/safe-regex.js';
import { regexShape } from '../../src/regex/shape.js';

const apache = (pattern: string, caseless = false): SafeRegex => {
  const r = compileApacheRegex(pattern, caseless);
  assert.ok(r, `${pattern} compiles`);
  return r;
};

test('each pattern gets the cheapest engine that cannot be made to hang', () => {
  const cases: [string, SafeRegex['engine']][] = [
    ['\\.(jpe?g|png|gif|ico|css|js)$', 'regexp'],
    ['^\\.ht', 'regexp'],
    ['^/old/(.*)$', 'regexp'], // one repeat of one character, anchored
    ['/old/(.*)$', 're2'], // unanchored: quadratic when backtracking
    ['^/(a+)+$', 're2'],
    ['^(a|a)*$', 're2'],
    ['^/(.*)/(.*)$', 're2'],
    ['^/(?!admin/)', 'regexp'], // lookaround without a repeat is bounded
    ['^/(?!admin/)(.*)$', 'backtracking'],
    ['^/(\\w+)/\\1$', 'backtracking'],
    ['\\p{L}', 're2'], // escapes whose meaning differs between engines never go to RegExp
  ];
  for (const [pattern, engine] of cases) assert.equal(apache(pattern).engine, engine, pattern);
});

test('the shape: repeats, nesting, anchoring and choice points', () => {
  assert.deepEqual(
    (({ repeats, nested, groupRepeat, anchored }) => ({ repeats, nested, groupRepeat, anchored }))(
      regexShape('^/(a+)+$'),
    ),
    { repeats: 2, nested: true, groupRepeat: true, anchored: true },
  );
  assert.equal(regexShape('(a|b)*').nested, true);
  assert.equal(regexShape('(?:ab)*').nested, false);
  assert.equal(regexShape('^a|b').anchored, false);
  assert.equal(regexShape('(a|b|c)(d|e)?').paths, 9);
  assert.equal(regexShape('a{2}').repeats, 1);
  assert.equal(regexShape('a{0,1}').repeats, 0);
  assert.equal(regexShape('a\\1').backrefs, 1);
  // alternatives take the largest degree, a sequence adds up, an unanchored search adds one
  assert.equal(regexShape('^(x.*|y.*)$').degree, 1);
  assert.equal(regexShape('^x.*y.*$').degree, 2);
  assert.equal(regexShape('x.*|y').degree, 2);
  assert.equal(regexShape('^(\\w+)/\\1$').degree, 2);
});

test('a catastrophic pattern answers at once on RE2 (no backtracking)', () => {
  const r = apache('^/(a+)+$');
  assert.equal(r.test(`/${'a'.repeat(5000)}!`), false);
  assert.equal(r.test(`/${'a'.repeat(5000)}`), true);
  assert.equal(apache('^(a|a)*$').test(`${'a'.repeat(5000)}!`), false);
  assert.equal(apache('^(.*)*$').test('x'.repeat(5000) + '\n'), false);
});

test('every engine gives the same answers and captures, with PCRE meanings', () => {
  // patterns run on RE2 and, forced, on RegExp: both must agree with each other (and with PCRE)
  const patterns = [
    '^/(.*)$',
    '^/([^/]+)/(.*)\\.html?$',
    '(a)|(b)',
    '^/x(.)y$',
    '\\s',
    '^[[:alpha:]]+$',
    '(?i)^/ABC',
    '(\\d+)-(\\d+)',
    '[^a-c]+',
    '^/a.c$',
  ];
  const subjects = ['/abc', '/a\rc', '/a\nc', '/x\u00e9y', '/d/e/f.htm', 'zb', '12-345', '/\u000b', 'ABC', '/', ''];
  for (const pattern of patterns) {
    const safe = apache(pattern);
    const native = new RegExp(safe.source, safe.flags);
    for (const s of subjects) {
      const a = safe.exec(s);
      const b = native.exec(s);
      assert.deepEqual(a ? [...a] : null, b ? [...b] : null, `${pattern} on ${JSON.stringify(s)}`);
      assert.equal(a?.index, b?.index);
    }
  }
  // PCRE: `.` is anything but a newline (so \r too); `\s` includes the vertical tab
  assert.equal(apache('^/a.c$').test('/a\rc'), true);
  assert.equal(apache('^/a.c$').test('/a\nc'), false);
  assert.equal(apache('^/\\s$').test('/\u000b'), true);
  assert.equal(apache('^/\\s$').test('/\u00a0'), false);
  // an empty group repeated matches once, as in PCRE (RegExp would leave it unset)
  assert.deepEqual([...(apache('^/(a*)*$').exec('/') ?? [])], ['/', '']);
  // case-insensitive flags keep working on every engine
  assert.ok(apache('^/(a+)+$', true).test('/AaA'));
  assert.ok(apache('\\.PNG$', true).test('x.png'));
  assert.ok(apache('(?i)^/(a+)+$').test('/AAA'));
});

test('replace: the first or every match, with $1, $&, $$ and friends, on every engine', () => {
  for (const pattern of ['(\\d)', '^(\\d)(\\d)', '(\\d)+']) {
    for (const force of ['re2', 'regexp'] as const) {
      const safe = apache(pattern);
      const native = new RegExp(safe.source, safe.flags);
      const global = new RegExp(safe.source, safe.flags + 'g');
      if (force === 'regexp' && safe.engine === 're2') continue;
      for (const repl of ['<$1>', '[$&]', '$$', "$`|$'", '$2$10', 'x']) {
        const s = 'a12b3';
        assert.equal(safe.replace(s, repl, false), s.replace(native, repl), `${pattern} ${repl}`);
        assert.equal(safe.replace(s, repl, true), s.replace(global, repl), `${pattern} ${repl} all`);
      }
    }
  }
  const re2 = apache('(\\d)+');
  assert.equal(re2.engine, 're2');
  assert.equal(re2.replace('a12b3', '<$1>', true), 'a<2>b<3>');
  assert.equal(apache('x*').replace('abc', '-', true), '-a-b-c-');
});

test('a backtracking pattern refuses a subject longer than its limit instead of hanging', () => {
  const nested = apache('^/(a+)+\\1$');
  assert.equal(nested.engine, 'backtracking');
  assert.ok(nested.maxSubject < 30, String(nested.maxSubject));
  assert.equal(nested.test('/aaaa'), true);
  assert.throws(() => nested.test(`/${'a'.repeat(40)}!`), RegexLimitError);
  // Drupal's "prying eyes" FilesMatch (a lookahead in one alternative) allows any real file name
  const drupal = apache(
    '\\.(engine|inc|install|make|module|profile|po|sh|.*sql|theme|twig|tpl(\\.php)?|xtmpl|yml)' +
      '(~|\\.sw[op]|\\.bak|\\.orig|\\.save)?$|^(\\.(?!well-known).*|Entries.*|Repository|Root|Tag|Template|' +
      'composer\\.(json|lock)|web\\.config)$|^#.*#$|\\.php(~|\\.sw[op]|\\.bak|\\.orig|\\.save)$',
  );
  assert.equal(drupal.engine, 'backtracking');
  assert.ok(drupal.maxSubject >= 180, String(drupal.maxSubject));
  assert.ok(drupal.test('.htpasswd') && drupal.test('x.module') && !drupal.test('.well-known'));
  const look = apache('^/(?!admin/)(.*)$');
  assert.ok(look.maxSubject >= 8190, String(look.maxSubject));
  assert.deepEqual([...(look.exec('/pub/x') ?? [])], ['/pub/x', 'pub/x']);
  assert.equal(look.exec('/admin/x'), null);
  // the error names the pattern and where it was written
  nested.where = '/srv/www/.htaccess:3';
  assert.throws(() => nested.exec('a'.repeat(100)), /^RegexLimitError: \/srv\/www\/\.htaccess:3: the pattern/);
  // other engines have no limit
  assert.equal(compileSafeRegex('^a*$').maxSubject, Infinity);
});

const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};

test('lint: catastrophic shapes and bounded backtracking patterns are warned about, with their line', () => {
  const text = [
    'RedirectMatch 404 "^/(a+)+$"',
    'SetEnvIf Request_URI "^/(x|x)*$" X',
    '<If "%{REQUEST_URI} =~ m#^/(.*)*$#">',
    '</If>',
    'Require expr "%{HTTP_HOST} =~ /^(\\w+)+\\1$/"',
    'RedirectMatch 404 "^/(?!admin/)(.*)$"',
    '<FilesMatch "\\.(jpe?g|png)$">',
    '</FilesMatch>',
  ].join('\n');
  const result = compileAccessFile(text, '/srv/www/.htaccess', ALL);
  assert.equal(result.kind, 'ok');
  if (result.kind !== 'ok') return;
  const warned = result.fragment.warnings.map((w) => [w.line, /catastrophic/.test(w.message)]);
  assert.deepEqual(warned, [
    [1, true],
    [2, true],
    [3, true],
    [5, true],
  ]);
  assert.match(result.fragment.warnings[3]!.message, /a subject longer than \d+ characters gets a 500/);
  // the compiled patterns know where they were written
  assert.equal(result.fragment.redirects[0]?.regex?.where, '/srv/www/.htaccess:1');
});
