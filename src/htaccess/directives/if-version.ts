// <IfVersion [[!]op] version> (mod_version, compiled into Debian's Apache and common in
// access files written for both 2.2 and 2.4). Evaluated while reading, like <IfModule>;
// htserve answers as Apache 2.4.71 (docs/apache-behaviour.md §0.1) would (src start_ifversion, compare_version).

import { invoke } from './invoke.js';
import { compileApacheRegex } from './regex.js';

export const EMULATED_VERSION = { major: 2, minor: 4, patch: 71 } as const;

export type VersionTest = { kind: 'ok'; value: boolean } | { kind: 'error'; message: string };

const NAME = '<IfVersion';
const INVALID =
  'Version appears to be invalid. It must have the format major[.minor[.patch]] where major, minor and patch are numbers.';

/** compare_version: -1, 0, 1 against the emulated version; missing parts count as 0. */
function compareVersion(text: string): number | null {
  if (!/^[0-9]+(\.[0-9]*){0,2}\.?$/.test(text)) return null;
  const parts = text
    .split('.')
    .slice(0, 3)
    .map((p) => (p === '' ? 0 : Number.parseInt(p, 10)));
  const wanted = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  const have = [EMULATED_VERSION.major, EMULATED_VERSION.minor, EMULATED_VERSION.patch];
  for (let i = 0; i < 3; i++) {
    if (have[i]! > wanted[i]!) return 1;
    if (have[i]! < wanted[i]!) return -1;
  }
  return 0;
}

function matchVersion(pattern: string): boolean | null {
  const regex = compileApacheRegex(pattern);
  if (regex === null) return null;
  const { major, minor, patch } = EMULATED_VERSION;
  return regex.test(`${major}.${minor}.${patch}`);
}

export function testIfVersion(rawArgs: string): VersionTest {
  const args = invoke(
    { name: NAME, args: 'take123', help: 'a comparison operator, a version (and a delimiter)' },
    rawArgs,
  );
  if (args.kind === 'error') return args;
  let [op, version, delimiter] = args.words as [string, string | undefined, string | undefined];
  // One word: an equality test; `<IfVersion "2.4" >` puts the `>` in a word of its own.
  if (version === undefined) {
    version = op;
    op = '=';
  }
  if (delimiter === undefined && version === '>') {
    delimiter = '>';
    version = op;
    op = '=';
  }
  const closedByDelimiter = delimiter === '>';
  if (version === '' || (!closedByDelimiter && !version.endsWith('>'))) {
    return { kind: 'error', message: `${NAME}> directive missing closing '>'` };
  }
  const subject = closedByDelimiter ? version : version.slice(0, -1);

  let reverse = false;
  let p = op;
  if (p.startsWith('!')) {
    reverse = true;
    if (p.length > 1) p = p.slice(1);
  }
  const c = p[0];
  const rest = p.slice(1);
  if (!(rest === '' || (rest === '=' && c !== '~'))) {
    return { kind: 'error', message: `unrecognized operator '${op}'` };
  }

  let match: boolean;
  if ((c === '=' && subject.startsWith('/')) || c === '~') {
    let pattern = subject;
    if (c === '=') {
      if (subject.length < 2 || !subject.endsWith('/'))
        return { kind: 'error', message: 'Missing delimiting / of regular expression.' };
      pattern = subject.slice(1, -1);
    }
    const m = matchVersion(pattern);
    if (m === null) return { kind: 'error', message: 'Unable to compile regular expression' };
    match = m;
  } else if (c === '=' || c === '<' || c === '>') {
    const cmp = compareVersion(subject);
    if (cmp === null) return { kind: 'error', message: INVALID };
    const orEqual = rest === '=';
    match =
      c === '=' ? cmp === 0 : c === '<' ? cmp === -1 || (orEqual && cmp === 0) : cmp === 1 || (orEqual && cmp === 0);
  } else {
    return { kind: 'error', message: `unrecognized operator '${op}'` };
  }
  return { kind: 'ok', value: match !== reverse };
}
