// mod_rewrite's own argument splitting (parseargline) and flag fields (cmd_parseflagfield):
// up to three words, each optionally quoted; `\ ` keeps a space inside a word (the backslash stays).

export function splitArgs(raw: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const isSpace = (c: string | undefined): boolean =>
    c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
  while (out.length < 3) {
    while (isSpace(raw[i])) i++;
    if (i >= raw.length) break;
    const quote = raw[i] === '"' || raw[i] === "'" ? raw[i++] : null;
    const start = i;
    for (; i < raw.length; i++) {
      const c = raw[i];
      if ((quote === null && isSpace(c)) || c === quote) break;
      if (c === '\\' && isSpace(raw[i + 1])) i++;
    }
    out.push(raw.slice(start, i));
    i++;
    // Apache needs a separator after the first word: a lone word is a bad argument line.
    if (out.length === 1 && i > raw.length) return null;
  }
  return out.length < 2 ? null : out;
}

/** `[A,B=c]` -> [['A',''], ['B','c']]; null for bad delimiters. */
export function splitFlags(field: string): Array<[string, string]> | null {
  if (!field.startsWith('[') || !field.endsWith(']') || field.length < 2) return null;
  const out: Array<[string, string]> = [];
  for (const item of field.slice(1, -1).split(',')) {
    const t = item.trim();
    if (t === '') continue;
    const eq = t.indexOf('=');
    out.push(eq < 0 ? [t, ''] : [t.slice(0, eq), t.slice(eq + 1)]);
  }
  return out;
}
