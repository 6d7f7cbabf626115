// Shell wildcards as Apache's <Files> uses them (apr_fnmatch with no flags): `*` matches any run
// of characters — empty, leading dots and slashes included — `?` one character, `[...]` a class
// (`!` or `^` negates, `a-z` ranges), `\` quotes the next character. Compiled once per pattern,
// onto the safe regex engines: a name with several `*` runs on RE2, in linear time (src/regex).
import { compileSafeRegex, type SafeRegex } from '../regex/safe-regex.js';

const cache = new Map<string, SafeRegex>();
const MAX_CACHED = 1024;
const NEVER = compileSafeRegex('(?!)');

function escapeRegex(ch: string): string {
  return ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function compile(pattern: string): SafeRegex {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      re += '[\\s\\S]*';
      continue;
    }
    if (c === '?') {
      re += '[\\s\\S]';
      continue;
    }
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRegex(pattern[++i]!);
      continue;
    }
    if (c === '[') {
      const close = pattern.indexOf(']', i + (pattern[i + 1] === '!' || pattern[i + 1] === '^' ? 3 : 2));
      if (close < 0) {
        re += '\\[';
        continue;
      } // an unclosed bracket is an ordinary character
      let body = pattern.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      let cls = '';
      for (let j = 0; j < body.length; j++) {
        const b = body[j]!;
        if (b === '\\' && j + 1 < body.length) {
          cls += escapeRegex(body[++j]!);
          continue;
        }
        if (b === '-' && j > 0 && j + 1 < body.length) {
          cls += '-';
          continue;
        }
        cls += escapeRegex(b);
      }
      re += `[${negate ? '^' : ''}${cls}]`;
      i = close;
      continue;
    }
    re += escapeRegex(c);
  }
  return compileSafeRegex(`^${re}$`);
}

export function fnmatch(pattern: string, name: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = compile(pattern);
    } catch {
      re = NEVER; // a class no engine accepts matches nothing
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(pattern, re);
  }
  return re.test(name);
}
