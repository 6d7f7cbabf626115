// Case ids: `<area>-<slug of the name>`, with `-2`, `-3`… for a repeated one — the directory names
// the fixture gives the cases when the whole suite runs (see buildFixture). Computed over the
// whole suite, so an id does not depend on which cases a run selects. docs/apache-behaviour.md
// cites cases as `case:<id>`; `run.js --filter <id>` runs one.

import { slug } from './fixture.js';
import type { Case } from './types.js';

export function caseIds(cases: readonly Case[]): Map<Case, string> {
  const ids = new Map<Case, string>();
  const used = new Set<string>();
  for (const c of cases) {
    const base = `${c.area}-${slug(c.name)}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
    used.add(id);
    ids.set(c, id);
  }
  return ids;
}
