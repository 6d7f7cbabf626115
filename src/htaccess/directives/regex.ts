// Apache compiles regular expressions with PCRE; these are JavaScript RegExps. The common PCRE
// spellings that JavaScript lacks are translated (leading `(?i)`-style flags, `(?P<name>`,
// `\A`, `\z`, `\Z`, POSIX classes such as `[[:alpha:]]`); anything JavaScript still rejects
// is a compile error, as an invalid pattern is in Apache.

const POSIX_CLASSES = new Map<string, string>([
  ['alpha', 'a-zA-Z'],
  ['digit', '0-9'],
  ['alnum', 'a-zA-Z0-9'],
  ['upper', 'A-Z'],
  ['lower', 'a-z'],
  ['space', ' \\t\\n\\r\\f\\v'],
  ['blank', ' \\t'],
  ['punct', '!-\\/:-@\\[-`{-~'],
  ['xdigit', '0-9A-Fa-f'],
  ['word', '\\w'],
  ['cntrl', '\\x00-\\x1f\\x7f'],
  ['print', '\\x20-\\x7e'],
  ['graph', '\\x21-\\x7e'],
]);

/** Compile a PCRE pattern; null when it is not a valid (translatable) expression. */
export function compileApacheRegex(pattern: string, caseInsensitive = false): RegExp | null {
  let source = pattern;
  let flags = caseInsensitive ? 'i' : '';
  const lead = /^\(\?([imsx]+)\)/.exec(source);
  if (lead) {
    if (lead[1]!.includes('x')) return null; // extended mode has no JavaScript equivalent
    for (const f of lead[1]!) if (!flags.includes(f)) flags += f;
    source = source.slice(lead[0].length);
  }
  const translated = translate(source);
  if (translated === null) return null;
  try {
    return new RegExp(translated, flags);
  } catch {
    return null;
  }
}

function translate(src: string): string | null {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return null; // trailing backslash
      i++;
      if (!inClass && n === 'A') out += '^';
      else if (!inClass && n === 'z') out += '$';
      else if (!inClass && n === 'Z') out += '(?=\\n?$)';
      else out += c + n;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        const name = end < 0 ? undefined : src.slice(i + 2, end);
        const expansion = name === undefined ? undefined : POSIX_CLASSES.get(name);
        if (expansion === undefined) return null;
        out += expansion;
        i = end + 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` (or `^]`) right after the opening bracket is a literal in PCRE.
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (c === '(' && src.startsWith('(?P=', i)) {
      const end = src.indexOf(')', i);
      if (end < 0) return null;
      out += `\\k<${src.slice(i + 4, end)}>`;
      i = end;
      continue;
    }
    out += c;
  }
  return inClass ? null : out;
}
