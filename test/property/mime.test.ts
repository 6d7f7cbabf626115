// Property: media types (src/respond/mime.ts) agree with mime-db under mod_mime's rules
// (docs/apache-behaviour.md §13.2): every extension counts and the last one with a type wins, case does not
// matter, leading dots belong to the base name, and a name with no known extension has no type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import db from 'mime-db';
import { MimeTable, parseMimeTypes } from '../../src/respond/mime.js';

const RUNS = 4000;

/** mime-db as extension -> type: the last type listing an extension, as a mime.types file in that order gives. */
const DB = new Map<string, string>();
/** Every type mime-db lists for an extension (some have several: bmp, ico, …). */
const DB_ALL = new Map<string, string[]>();
for (const [type, entry] of Object.entries(db)) {
  for (const ext of entry.extensions ?? []) {
    DB.set(ext, type);
    DB_ALL.set(ext, [...(DB_ALL.get(ext) ?? []), type]);
  }
}

/**
 * Where the built-in table follows Debian's /etc/mime.types rather than mime-db (docs/apache-behaviour.md §13.2:
 * "a built-in table aligned with Debian's", because the Apache htserve is compared with reads that file).
 */
const DEBIAN: ReadonlyMap<string, string> = new Map([
  ['es', 'text/javascript'],
  ['tgz', 'application/x-gtar-compressed'],
  ['flac', 'audio/flac'],
  ['m4v', 'video/mp4'],
]);

const builtin = new MimeTable();
const known = [...DB.keys()];
const BUILTIN_EXTS = known.filter((e) => builtin.lookup(`a.${e}`) !== null).concat([...DEBIAN.keys()]);

const ext = fc.oneof(
  fc.constantFrom(...BUILTIN_EXTS),
  fc.constantFrom(...known),
  fc.constantFrom('', 'bak', 'zzzz', 'tar', 'x', 'HTML'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 5 }).filter((s) => !s.includes('/') && !s.includes('.')),
);
const casing = (s: string, upper: boolean[]): string =>
  [...s].map((c, i) => ((upper[i % Math.max(upper.length, 1)] ?? false) ? c.toUpperCase() : c)).join('');
const name = fc
  .tuple(fc.constantFrom('', '.', '..'), fc.constantFrom('', 'a', 'index', 'README'), fc.array(ext, { maxLength: 4 }))
  .chain(([dots, base, exts]) =>
    fc
      .array(fc.boolean(), { maxLength: 6 })
      .map((upper) => ({ dots, base, exts, text: casing([dots + base, ...exts].join('.'), upper) })),
  );

/** mod_mime's rule with `lookup` for one extension: leading dots are the base name, the rest split on dots. */
function expected(text: string, lookup: (ext: string) => string | undefined): string | null {
  const exts = text.replace(/^\.+/, '').split('.').slice(1);
  let found: string | null = null;
  for (const e of exts) {
    const t = e === '' ? undefined : lookup(e.toLowerCase());
    if (t !== undefined) found = t;
  }
  return found;
}

test('the built-in table gives a mime-db type (or the Debian one where they differ) of the last known extension', () => {
  fc.assert(
    fc.property(name, ({ text }) => {
      // Which extension decides: the last one the table knows.
      const decider = expected(text, (e) => (builtin.lookup(`a.${e}`) === null ? undefined : e));
      const got = builtin.lookup(text);
      if (decider === null) assert.equal(got, null, text);
      else assert.ok([...(DB_ALL.get(decider) ?? []), DEBIAN.get(decider)].includes(got ?? ''), `${text}: ${got}`);
      assert.equal(builtin.lookup(`dir.d/${text}`), got, 'only the last path segment counts');
    }),
    { numRuns: RUNS },
  );
});

test('with mime-db loaded as a mime.types file, every name gets exactly the mime-db type of its last known extension', () => {
  const file = Object.entries(db)
    .filter(([, e]) => (e.extensions ?? []).length > 0)
    .map(([type, e]) => `${type}\t${(e.extensions ?? []).join(' ')}`)
    .join('\n');
  const table = new MimeTable(parseMimeTypes(`# mime-db as a types file\n${file}\n`));
  fc.assert(
    fc.property(name, ({ text }) => {
      // The file is read on top of the built-in table (README, `mime.types_file`).
      const want = expected(text, (e) => DB.get(e) ?? builtin.lookup(`a.${e}`) ?? undefined);
      assert.equal(table.lookup(text), want, text);
    }),
    { numRuns: RUNS },
  );
});
