// A small Accept parser (RFC 9110 section 12.5.1) for the one question htserve asks: does the
// client rank JSON strictly above HTML? Each type gets the q of the most specific range that
// matches it (type/subtype, then type/*, then */*); a type no range matches gets q=0. An absent
// or empty Accept means HTML. Answers are remembered per header value (a few distinct values per
// client library), bounded.

const remembered = new Map<string, boolean>();
const MAX_REMEMBERED = 256;

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseRanges(accept: string): Range[] {
  const ranges: Range[] = [];
  for (const part of accept.split(',')) {
    const [mediaRange, ...params] = part.split(';');
    const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*$/.exec(mediaRange ?? '');
    if (!m) continue;
    let q = 1;
    for (const p of params) {
      const qm = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p);
      if (qm) q = Math.min(1, Number(qm[1]));
    }
    ranges.push({ type: m[1]!.toLowerCase(), subtype: m[2]!.toLowerCase(), q });
  }
  return ranges;
}

/** The q the ranges give `type/subtype`: the most specific matching range decides. */
function qualityOf(ranges: readonly Range[], type: string, subtype: string): number {
  let best = -1;
  let q = 0;
  for (const r of ranges) {
    const specificity =
      r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' ? 0 : -1;
    if (specificity < 0) continue;
    if (specificity > best || (specificity === best && r.q > q)) {
      best = specificity;
      q = r.q;
    }
  }
  return best < 0 ? 0 : q;
}

function decide(accept: string): boolean {
  const ranges = parseRanges(accept);
  return qualityOf(ranges, 'application', 'json') > qualityOf(ranges, 'text', 'html');
}

/** true when the Accept header ranks application/json strictly above text/html. */
export function prefersJson(accept: string | string[] | undefined): boolean {
  if (accept === undefined) return false;
  const value = Array.isArray(accept) ? accept.join(',') : accept;
  if (value === '') return false;
  let answer = remembered.get(value);
  if (answer === undefined) {
    answer = decide(value);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(value, answer);
  }
  return answer;
}
