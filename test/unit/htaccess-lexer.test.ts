// The access-file lexer and tree builder: Apache's line reading (continuation, trimming,
// comments only at the start of a line, CRLF, BOM kept), ap_getword_conf word splitting, and
// the section tree with <IfModule>-style conditions evaluated while reading (docs/apache-behaviour.md §4.3).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeForLog, getWord, readLogicalLines, splitWords } from '../../src/htaccess/lexer.js';
import { parseAccessFile, type ConfigNode, type ParseOptions } from '../../src/htaccess/parse.js';

test('logical lines: numbering, trimming, comments, continuation, CRLF', async (t) => {
  const rows: Array<[string, string, Array<[number, string]>]> = [
    ['empty file', '', []],
    ['only blank lines', '\n\n  \n\t\n', []],
    ['comment lines are dropped, indented ones too', '# a\n   # b\nRequire all granted', [[3, 'Require all granted']]],
    ['a trailing # is part of the line', 'Require ip 10.0.0.1 # c', [[1, 'Require ip 10.0.0.1 # c']]],
    ['leading and trailing white space trimmed', '  \tOptions -Indexes  \t\n', [[1, 'Options -Indexes']]],
    [
      'CRLF endings',
      'A 1\r\nB 2\r\n',
      [
        [1, 'A 1'],
        [2, 'B 2'],
      ],
    ],
    [
      'a continued line keeps the number of its first line',
      'X a \\\n  b\nY',
      [
        [1, 'X a   b'],
        [3, 'Y'],
      ],
    ],
    [
      'continuation with CRLF',
      'X a \\\r\n b\r\nY\r\n',
      [
        [1, 'X a  b'],
        [3, 'Y'],
      ],
    ],
    [
      'three-line continuation',
      'X \\\n1 \\\n2\nY',
      [
        [1, 'X 1 2'],
        [4, 'Y'],
      ],
    ],
    [
      'backslash then spaces: no continuation',
      'X a \\  \nY',
      [
        [1, 'X a \\'],
        [2, 'Y'],
      ],
    ],
    ['backslash at the very end of the file: no continuation', 'X a\\', [[1, 'X a\\']]],
    ['continuation into the end of the file', 'X a \\\n', [[1, 'X a']]],
    ['a comment continues too', '# c \\\nBogus\nY', [[3, 'Y']]],
    [
      'lines after blank and comment lines keep their numbers',
      '\n# x\n\nA\n\n\nB',
      [
        [4, 'A'],
        [7, 'B'],
      ],
    ],
    ['a BOM is not white space', '\ufeffRequire all granted', [[1, '\ufeffRequire all granted']]],
    ['vertical tab and form feed are white space', '\vA\f', [[1, 'A']]],
    ['a no-break space is not white space', '\u00a0A', [[1, '\u00a0A']]],
  ];
  for (const [name, text, expected] of rows) {
    await t.test(name, () => {
      const result = readLogicalLines(text);
      assert.equal(result.kind, 'ok');
      if (result.kind !== 'ok') return;
      assert.deepEqual(
        result.lines.map((l) => [l.line, l.text]),
        expected,
      );
    });
  }
});

test("lines longer than Apache's 8 KiB buffer are an error (limits observed on 2.4.71)", async (t) => {
  const line = (bytes: number) => `Require user ${'x'.repeat(bytes - 13)}`;
  const rows: Array<[string, string, number | null]> = [
    ['8192 bytes at the end of the file', `A\n${line(8192)}`, null],
    ['8193 bytes at the end of the file', `A\n${line(8193)}`, 2],
    ['8191 bytes and LF', `${line(8191)}\n`, null],
    ['8192 bytes and LF', `${line(8192)}\n`, 1],
    ['8191 bytes and CRLF', `${line(8191)}\r\n`, 1],
    ['continued lines count together; the line where it overflows', `A\n${line(4100)} \\\n${'y'.repeat(4300)}\n`, 3],
  ];
  for (const [name, text, errorLine] of rows) {
    await t.test(name, () => {
      const result = readLogicalLines(text);
      if (errorLine === null) assert.equal(result.kind, 'ok');
      else assert.deepEqual(result, { kind: 'error', line: errorLine, message: 'Line too long' });
    });
  }
});

test('getWord / splitWords follow ap_getword_conf', async (t) => {
  const rows: Array<[string, string, string[]]> = [
    ['white space splits', 'a  b\tc', ['a', 'b', 'c']],
    ['double quotes group', '"a b" c', ['a b', 'c']],
    ['single quotes group', "'a b' c", ['a b', 'c']],
    ['\\" inside double quotes is a quote', '"say \\"hi\\""', ['say "hi"']],
    ["\\' inside single quotes is a quote", "'it\\'s'", ["it's"]],
    ['\\\\ is a backslash, inside and outside quotes', '"a\\\\b" c\\\\d', ['a\\b', 'c\\d']],
    ['other backslashes stay', '"a\\nb" c\\"d', ['a\\nb', 'c\\"d']],
    ['a quote in the middle of a word is literal', 'a"b c"', ['a"b', 'c"']],
    ['no space needed after a closing quote', '"a"b', ['a', 'b']],
    ['unterminated quote runs to the end', '"Oops and more', ['Oops and more']],
    ['a double quote inside single quotes is literal', `'a"b'`, ['a"b']],
    ['an empty quoted word ends the list', 'a "" b', ['a']],
    ['no words', '   ', []],
  ];
  for (const [name, input, words] of rows) {
    await t.test(name, () => assert.deepEqual(splitWords(input), words));
  }
  await t.test('next points past the word and its trailing spaces', () => {
    assert.deepEqual(getWord('  Require   all granted'), { word: 'Require', next: 12 });
    assert.deepEqual(getWord('x', 1), { word: '', next: 1 });
  });
});

test('escapeForLog shows non-printable bytes as \\xhh', () => {
  assert.equal(escapeForLog('\ufeffRequire'), '\\xef\\xbb\\xbfRequire');
  assert.equal(escapeForLog('a\tb\u00e9'), 'a\\x09b\\xc3\\xa9');
  assert.equal(escapeForLog('plain "text"'), 'plain "text"');
});

const options: ParseOptions = {
  file: '/site/.htaccess',
  conditions: {
    module: (name) => name === 'mod_mime.c',
    define: () => false,
    directive: (name) => name.toLowerCase() === 'require',
    section: (name) => name.toLowerCase() === 'files',
    file: () => false,
  },
  versionTest: (raw) =>
    raw.startsWith('bad')
      ? { kind: 'error', message: "unrecognized operator 'bad'" }
      : { kind: 'ok', value: raw.startsWith('>=') },
  canonicalName: (name) => ({ '<files': '<Files', '<requireall': '<RequireAll' })[name.toLowerCase()],
  readTimeError: (name) => (name.toLowerCase() === 'include' ? 'Include not allowed here' : null),
};

/** A compact picture of a tree: `name@line` and `[children]` for sections. */
function shape(nodes: ConfigNode[]): unknown[] {
  return nodes.map((n) =>
    n.kind === 'directive' ? `${n.name}@${n.loc.line}` : { [`<${n.name}>@${n.loc.line}`]: shape(n.children) },
  );
}

function parse(text: string): unknown {
  const result = parseAccessFile(text, options);
  return result.kind === 'ok' ? shape(result.nodes) : `${result.error.line}: ${result.error.message}`;
}

test('the tree: sections nest, names and close tags are case-insensitive', () => {
  assert.deepEqual(parse('A\n<Files x>\nB\n<RequireAll>\nC\n</requireall>\n</FILES>\nD'), [
    'A@1',
    { '<Files>@2': ['B@3', { '<RequireAll>@4': ['C@5'] }] },
    'D@8',
  ]);
});

test('directive and section arguments as Apache hands them over', () => {
  const result = parseAccessFile('Require> all "granted"\n<Files "a b" c>\n</Files>', options);
  assert.equal(result.kind, 'ok');
  if (result.kind !== 'ok') return;
  const [directive, section] = result.nodes;
  // a `>` glued to a directive name is dropped, as ap_build_config_sub does
  assert.deepEqual(directive, {
    kind: 'directive',
    name: 'Require',
    args: ['all', 'granted'],
    rawArgs: 'all "granted"',
    loc: { file: '/site/.htaccess', line: 1 },
  });
  assert.equal(section?.kind, 'section');
  if (section?.kind !== 'section') return;
  assert.equal(section.name, 'Files');
  assert.equal(section.rawArgs, '"a b" c>');
  assert.deepEqual(section.args, ['a b', 'c']);
});

test('conditional sections are evaluated while reading', async (t) => {
  const rows: Array<[string, string, unknown]> = [
    ['a true <IfModule> body is read in place', '<IfModule mod_mime.c>\nA\n</IfModule>\nB', ['A@2', 'B@4']],
    [
      'a false body is skipped, garbage and all',
      '<IfModule mod_expires.c>\nExpiresActive On\n<<junk x>\n</<junk>\n</IfModule>\nB',
      ['B@6'],
    ],
    ['`!` negates', '<IfModule !mod_expires.c>\nA\n</IfModule>', ['A@2']],
    ['`! name` with a space also negates', '<IfModule ! mod_expires.c>\nA\n</IfModule>', ['A@2']],
    ['module names are case-sensitive', '<IfModule MOD_MIME.C>\nA\n</IfModule>', []],
    ['quoted module name', '<IfModule "mod_mime.c">\nA\n</IfModule>', ['A@2']],
    [
      'a true body inside a section belongs to that section',
      '<Files x>\n<IfModule mod_mime.c>\nA\n</IfModule>\n</Files>',
      [{ '<Files>@1': ['A@3'] }],
    ],
    ['nested false conditions', '<IfModule mod_x.c>\n<IfModule mod_mime.c>\nA\n</IfModule>\n</IfModule>\nB', ['B@6']],
    ['<IfDefine> with nothing defined', '<IfDefine X>\nA\n</IfDefine>\n<IfDefine !X>\nB\n</IfDefine>', ['B@5']],
    [
      '<IfDirective> / <IfSection>',
      '<IfDirective Require>\nA\n</IfDirective>\n<IfSection Files>\nB\n</IfSection>',
      ['A@2', 'B@5'],
    ],
    [
      '<IfVersion> uses the version test',
      '<IfVersion >= 2.4>\nA\n</IfVersion>\n<IfVersion < 2.4>\nB\n</IfVersion>',
      ['A@2'],
    ],
    [
      'an unclosed true body simply ends with the file',
      '<IfModule mod_mime.c>\nA\n<Files x>\nB',
      ['A@2', { '<Files>@3': ['B@4'] }],
    ],
    [
      'the close must be the whole line `</IfModule>`',
      '<IfModule mod_mime.c>\n</IfModule >\n',
      '2: </IfModule without matching <IfModule section',
    ],
    [
      'a section opened inside must close inside',
      '<IfModule mod_mime.c>\n<Files a>\n</IfModule>\n</Files>',
      '3: Expected </Files> but saw </IfModule>',
    ],
    [
      'false body: nesting still checked',
      '<IfModule mod_x.c>\n<Foo>\n</Bar>\n</IfModule>',
      '3: Expected </Foo> but saw </Bar>',
    ],
    ['false body left open', '<IfModule mod_x.c>\nA\n', '1: Expected </IfModule> before end of configuration'],
    ['missing `>`', '<IfModule mod_mime.c\n</IfModule>', "1: <IfModule> directive missing closing '>'"],
    ['missing module name', '<IfModule>\n</IfModule>', '1: <IfModule> directive requires additional arguments'],
    [
      'a version test error is reported at its line',
      'A\n<IfVersion bad>\n</IfVersion>',
      "2: unrecognized operator 'bad'",
    ],
  ];
  for (const [name, text, expected] of rows) {
    await t.test(name, () => assert.deepEqual(parse(text), expected));
  }
});

test('section nesting errors (build stage, before any directive runs)', async (t) => {
  const rows: Array<[string, string, string]> = [
    ['unclosed section', 'A\n<RequireAll>\nB', '2: <RequireAll> was not closed.'],
    ['unclosed: the innermost is reported', '<Files a>\n<RequireAll>\nB\n', '2: <RequireAll> was not closed.'],
    ['stray close', 'A\n</RequireAll>', '2: </RequireAll> without matching <RequireAll> section'],
    ['stray close without >', '</Files', '1: </Files without matching <Files section'],
    ['mismatched close', '<Files a>\n</RequireAll>', '2: Expected </Files> but saw </RequireAll>'],
    ['close without >', '<Files a>\n</Files', "2: </Files> directive missing closing '>'"],
    ['close with extra words', '<Files a>\n</Files x>', "2: </Files> directive missing closing '>'"],
    ['read-time server directive wins over later errors', 'Bogus\nInclude /etc/x', '2: Include not allowed here'],
    [
      'nesting error wins over an earlier unknown directive',
      'Bogus\n</Files>',
      '2: </Files> without matching <Files> section',
    ],
  ];
  for (const [name, text, expected] of rows) {
    await t.test(name, () => assert.equal(parse(text), expected));
  }
});

test('a line that is too long is reported with the file name', () => {
  const result = parseAccessFile(`Require user ${'x'.repeat(9000)}`, options);
  assert.equal(result.kind, 'error');
  if (result.kind !== 'error') return;
  assert.deepEqual(result.error, {
    file: '/site/.htaccess',
    line: 1,
    message: 'Error reading /site/.htaccess at line 1: Line too long',
  });
});
