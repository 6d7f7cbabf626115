// String.prototype.replace's substitution ($$, $&, $`, $', $n, $nn, $<name>) for engines that
// are not RegExp, so `Header edit` means the same whichever engine runs its pattern.

export type MatchLike = ReadonlyArray<string | undefined> & {
  readonly index: number;
  readonly groups?: Readonly<Record<string, string | undefined>> | undefined;
};

/** ECMAScript GetSubstitution for one match of `subject`. */
export function expandReplacement(replacement: string, m: MatchLike, subject: string): string {
  if (!replacement.includes('$')) return replacement;
  const whole = m[0] ?? '';
  const groupCount = m.length - 1;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    const n = replacement[i + 1];
    if (c !== '$' || n === undefined) {
      out += c;
      continue;
    }
    if (n === '$') {
      out += '$';
      i++;
    } else if (n === '&') {
      out += whole;
      i++;
    } else if (n === '`') {
      out += subject.slice(0, m.index);
      i++;
    } else if (n === "'") {
      out += subject.slice(m.index + whole.length);
      i++;
    } else if (n >= '0' && n <= '9') {
      // two digits when they name a group, else one; $0 and unknown groups stay literal
      const two = replacement[i + 2];
      const twoDigit = two !== undefined && two >= '0' && two <= '9' ? Number(n + two) : 0;
      if (twoDigit >= 1 && twoDigit <= groupCount) {
        out += m[twoDigit] ?? '';
        i += 2;
      } else if (Number(n) >= 1 && Number(n) <= groupCount) {
        out += m[Number(n)] ?? '';
        i++;
      } else out += c;
    } else if (n === '<' && m.groups !== undefined) {
      const close = replacement.indexOf('>', i + 2);
      if (close < 0) out += c;
      else {
        out += m.groups[replacement.slice(i + 2, close)] ?? '';
        i = close;
      }
    } else out += c;
  }
  return out;
}
