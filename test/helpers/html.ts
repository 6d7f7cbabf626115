// A tiny HTML checker for the pages htserve generates (no parser dependency): the document
// basics a browser and a screen reader need, tags balanced, and the rows of a fancy listing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'wbr', 'source', 'col', 'area', 'base', 'embed']);

/** Doctype, `<html lang>`, a UTF-8 charset, a title, a viewport, and every non-void tag closed in order. */
export function expectValidHtml(html: string, what = ''): void {
  assert.match(html, /^<!DOCTYPE html>\n/, `${what}: HTML5 doctype first`);
  assert.match(html, /<html lang="[a-z]{2}">/, `${what}: <html lang>`);
  assert.match(html, /<meta charset="utf-8">/, `${what}: charset`);
  assert.match(html, /<title>[^<]+<\/title>/, `${what}: a title`);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/, `${what}: viewport`);
  const stack: string[] = [];
  // text inside <style> is CSS, not markup
  const markup = html.replace(/<style>[^<]*<\/style>/g, '<style></style>');
  for (const m of markup.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const [, closing, rawName] = m;
    const name = rawName!.toLowerCase();
    if (VOID.has(name)) continue;
    if (closing) {
      const open = stack.pop();
      assert.equal(open, name, `${what}: </${name}> closes <${open ?? 'nothing'}> at ${m.index}`);
    } else stack.push(name);
  }
  assert.deepEqual(stack, [], `${what}: every tag is closed`);
  assert.doesNotMatch(markup.replace(/<[^>]*>/g, ''), /[<>]/, `${what}: no stray < or > in text`);
}

/** The CSP hash of each inline <style>: what the Content-Security-Policy must allow. */
export function styleHashes(html: string): string[] {
  return [...html.matchAll(/<style>([^<]*)<\/style>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );
}

export interface TableRow {
  /** The row's class (up, dir, text, image, …). */
  kind: string;
  href: string;
  /** Visible name, entities decoded. */
  name: string;
  /** The <time datetime>, or ''. */
  modified: string;
  /** The <data value> (bytes), or '' (directories, the parent). */
  bytes: string;
  description: string;
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/** The body rows of a fancy listing's table, in page order. */
export function tableRows(html: string): TableRow[] {
  const tbody = /<tbody>\n([\s\S]*?)<\/tbody>/.exec(html);
  assert.ok(tbody, `a <tbody>:\n${html.slice(0, 400)}`);
  return [...tbody[1]!.matchAll(/<tr class="([^"]*)">(.*?)<\/tr>/g)].map((m) => {
    const cells = m[2]!;
    const name = /<td class="n"><a href="([^"]*)">([^<]*)<\/a><\/td>/.exec(cells);
    assert.ok(name, `a name cell with a link: ${cells}`);
    return {
      kind: m[1]!,
      href: decodeEntities(name[1]!),
      name: decodeEntities(name[2]!),
      modified: /<time datetime="([^"]*)">/.exec(cells)?.[1] ?? '',
      bytes: /<data value="(\d+)">/.exec(cells)?.[1] ?? '',
      description: decodeEntities(/<td class="d">([^<]*)<\/td>/.exec(cells)?.[1] ?? ''),
    };
  });
}

/** The heading row: [column class, link href or null, aria-sort or null]. */
export function headingCells(html: string): Array<[string, string | null, string | null]> {
  const thead = /<thead>\n<tr>(.*?)<\/tr>/.exec(html);
  assert.ok(thead, 'a heading row');
  return [...thead[1]!.matchAll(/<th class="(\w)"(?: aria-sort="(\w+)")?>(?:<a href="([^"]*)">)?/g)].map((m) => [
    m[1]!,
    m[3] === undefined ? null : decodeEntities(m[3]),
    m[2] ?? null,
  ]);
}
