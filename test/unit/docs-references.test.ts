// The codebase explains itself through docs/apache-behaviour.md: comments, test titles and the
// READMEs cite its sections as `docs/apache-behaviour.md \u00a7N` (a list may follow: `\u00a71.4, \u00a75.1`),
// and the document cites conformance cases as `case:<id>`. This test keeps both kinds of citation
// pointing at something that exists, and keeps every section sign in the tree a citation of that
// document (an RFC section is written "section N").
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { caseIds } from '../conformance/case-ids.js';
import { ALL_CASES } from '../conformance/cases/index.js';
import { AREAS } from '../conformance/types.js';
import { REPO_ROOT } from '../helpers/repo.js';

const DOC = 'docs/apache-behaviour.md';
const SIGN = '\u00a7';
const SECTION = `${SIGN}\\d+(?:\\.\\d+)*`;
/** The document's name and a section, then maybe more sections after `, `, ` and `, ` / ` or `/`. */
const CITATION = new RegExp(`${DOC.replace('.', '\\.')} (${SECTION}(?:(?:, | / | and |, and |/)${SECTION})*)`, 'g');
const CASE_ID = new RegExp(`case:((?:${AREAS.join('|')})-[a-z0-9-]+)`, 'g');

function read(rel: string): string {
  return readFileSync(path.join(REPO_ROOT, rel), 'utf8');
}

/** Source files under `dir` (relative to the repository), recursively. */
function sources(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Every numbered heading of the document (`##`, `###` or `####`, the section sign, the number). */
function docSections(): Set<string> {
  const sections = new Set<string>();
  for (const m of read(DOC).matchAll(new RegExp(`^#{2,4} ${SIGN}(\\d+(?:\\.\\d+)*)\\b`, 'gm'))) sections.add(m[1]!);
  return sections;
}

const FILES = [...sources('src'), ...sources('test'), 'README.md', 'test/conformance/README.md'];

test(`every ${DOC} section cited in the tree is a heading of the document`, () => {
  const sections = docSections();
  assert.ok(sections.size > 50, `only ${sections.size} section headings found in ${DOC}`);
  const problems: string[] = [];
  for (const file of FILES) {
    read(file)
      .split('\n')
      .forEach((line, i) => {
        if (!line.includes(SIGN)) return;
        for (const m of line.matchAll(CITATION)) {
          for (const s of m[1]!.split(/, and |, | and | \/ |\//)) {
            if (!sections.has(s.slice(1))) problems.push(`${file}:${i + 1}: ${DOC} has no section ${s}`);
          }
        }
        if (line.replace(CITATION, '').includes(SIGN)) {
          problems.push(`${file}:${i + 1}: a section sign that is not a ${DOC} citation: ${line.trim()}`);
        }
      });
  }
  assert.deepEqual(problems, []);
});

test(`every case:<id> cited in ${DOC} and in the sources is a conformance case`, () => {
  const ids = new Set(caseIds(ALL_CASES).values());
  const problems: string[] = [];
  const cited = new Set<string>();
  for (const file of [DOC, ...FILES.filter((f) => !f.startsWith('test/conformance/cases/'))]) {
    read(file)
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(CASE_ID)) {
          cited.add(m[1]!);
          if (!ids.has(m[1]!)) problems.push(`${file}:${i + 1}: no conformance case has the id ${m[1]}`);
        }
      });
  }
  assert.ok(cited.size > 100, `only ${cited.size} cases cited`);
  assert.deepEqual(problems, []);
});
