// Text and markdown reports of a run.

import { summarize } from './compare.js';
import { AREAS, AREA_TITLES, type Area, type Case, type Observed, type Outcome } from './types.js';

export interface AreaStats {
  area: Area;
  cases: number;
  requests: number;
  agree: number;
  declared: number;
  differ: number;
  error: number;
}

export function areaStats(outcomes: readonly Outcome[]): AreaStats[] {
  return AREAS.map((area) => {
    const mine = outcomes.filter((o) => o.kase.area === area);
    return {
      area,
      cases: new Set<Case>(mine.map((o) => o.kase)).size,
      requests: mine.length,
      agree: mine.filter((o) => o.verdict === 'agree').length,
      declared: mine.filter((o) => o.verdict === 'declared').length,
      differ: mine.filter((o) => o.verdict === 'differ').length,
      error: mine.filter((o) => o.verdict === 'error').length,
    };
  }).filter((s) => s.requests > 0);
}

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

export function describeRequest(o: Outcome): string {
  const r = o.request;
  const who =
    r.authorization !== undefined ? `auth=${JSON.stringify(r.authorization)}` : r.as === 'anon' ? 'anon' : `as ${r.as}`;
  const extra = r.headers.map(([k, v]) => `${k}: ${v}`).join('; ');
  return (
    `${r.method} ${o.target}${r.version === '1.0' ? ' HTTP/1.0' : ''} ` +
    `(${who}${r.from !== '127.0.0.1' ? ` from ${r.from}` : ''}${extra ? `; ${extra}` : ''})`
  );
}

function side(o: Observed | { error: string } | null): string {
  if (o === null) return '(not run)';
  if ('error' in o) return `ERROR ${o.error}`;
  return summarize(o);
}

export function textReport(outcomes: readonly Outcome[], opts: { verbose: boolean; apacheOnly: boolean }): string {
  const out: string[] = [];
  if (opts.apacheOnly || opts.verbose) {
    let lastCase: Case | null = null;
    for (const o of outcomes) {
      if (o.kase !== lastCase) {
        out.push(`\n## [${o.kase.area}] ${o.kase.name}`);
        lastCase = o.kase;
      }
      const mark = o.oracleMismatch ? `  !! expected ${o.oracleMismatch.expected}` : '';
      out.push(`  ${describeRequest(o)}${o.request.note ? `  # ${o.request.note}` : ''}`);
      out.push(`    apache : ${side(o.apache)}${mark}`);
      if (!opts.apacheOnly)
        out.push(
          `    htserve: ${side(o.htserve)}   [${o.verdict}${o.differing.length ? `: ${o.differing.join(',')}` : ''}]`,
        );
    }
    out.push('');
  }

  if (!opts.apacheOnly) {
    const differ = outcomes.filter((o) => o.verdict === 'differ' || o.verdict === 'error');
    if (differ.length > 0) {
      out.push(`Undeclared differences (${differ.length}):`);
      for (const o of differ) {
        out.push(`  [${o.kase.area}] ${o.kase.name}: ${describeRequest(o)}`);
        out.push(`      apache : ${side(o.apache)}`);
        out.push(`      htserve: ${side(o.htserve)}`);
        if (o.differing.length) out.push(`      differs: ${o.differing.join(', ')}`);
      }
      out.push('');
    }
    const declared = groupDeclared(outcomes);
    if (declared.length > 0) {
      out.push('Declared differences (deliberate):');
      for (const d of declared) out.push(`  ${d.count} x [${d.fields}] ${d.reason}`);
      out.push('');
    }
  }

  if (!opts.apacheOnly) {
    const unused = unusedDeclarations(outcomes);
    if (unused.length > 0) {
      out.push('Declared differences not observed in this run (htserve now agrees, or the case no longer shows them):');
      for (const u of unused) out.push(`  ${u}`);
      out.push('');
    }
  }

  const oracle = outcomes.filter((o) => o.oracleMismatch);
  if (oracle.length > 0) {
    out.push(
      `Warning: Apache disagreed with the expected status (${oracle.length}) — check the fixture or docs/apache-behaviour.md:`,
    );
    for (const o of oracle)
      out.push(
        `  [${o.kase.area}] ${o.kase.name}: ${describeRequest(o)} expected ${o.oracleMismatch!.expected}, Apache ${o.oracleMismatch!.got}`,
      );
    out.push('');
  }

  out.push(opts.apacheOnly ? 'Per-area request counts (Apache only):' : 'Per-area agreement:');
  for (const s of areaStats(outcomes)) {
    const passed = s.agree + s.declared;
    out.push(
      `  ${s.area.padEnd(10)} ${String(s.cases).padStart(3)} cases ${String(s.requests).padStart(4)} requests` +
        (opts.apacheOnly
          ? ''
          : `  agree ${String(s.agree).padStart(4)}  declared ${String(s.declared).padStart(3)}` +
            `  differ ${String(s.differ + s.error).padStart(3)}  (${pct(passed, s.requests)} passed)`),
    );
  }
  return out.join('\n');
}

/** Case- and request-level declarations that covered nothing (kept honest by showing them). */
export function unusedDeclarations(outcomes: readonly Outcome[]): string[] {
  const result: string[] = [];
  const byCase = new Map<Case, Outcome[]>();
  for (const o of outcomes) byCase.set(o.kase, [...(byCase.get(o.kase) ?? []), o]);
  for (const [kase, mine] of byCase) {
    if (kase.declared && !mine.some((o) => o.declaredBy?.includes(kase.declared!)))
      result.push(`${kase.name}: ${kase.declared.reason}`);
    for (const o of mine) {
      const d = o.request.declared;
      if (d && !o.declaredBy?.includes(d)) result.push(`${kase.name}: ${describeRequest(o)}: ${d.reason}`);
    }
  }
  return result;
}

interface DeclaredGroup {
  reason: string;
  fields: string;
  count: number;
  examples: string[];
}

function groupDeclared(outcomes: readonly Outcome[]): DeclaredGroup[] {
  const groups = new Map<string, DeclaredGroup>();
  for (const o of outcomes) {
    if (o.verdict !== 'declared' || !o.declaredBy) continue;
    for (const d of o.declaredBy) {
      const g = groups.get(d.reason) ?? { reason: d.reason, fields: '', count: 0, examples: [] };
      const fields = new Set([
        ...(g.fields ? g.fields.split(', ') : []),
        ...o.differing.filter((f) => d.fields.includes(f)),
      ]);
      g.fields = [...fields].join(', ');
      g.count++;
      if (g.examples.length < 3) g.examples.push(`${o.kase.name}: ${o.request.method} ${o.target}`);
      groups.set(d.reason, g);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

const md = (s: string): string => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');

export function markdownReport(outcomes: readonly Outcome[]): string {
  const out: string[] = [];
  const stats = areaStats(outcomes);
  out.push('| Area | Cases | Requests | Agree | Declared | Differ | Passed |');
  out.push('|---|---:|---:|---:|---:|---:|---:|');
  const total = { cases: 0, requests: 0, agree: 0, declared: 0, differ: 0 };
  for (const s of stats) {
    out.push(
      `| ${md(AREA_TITLES[s.area])} | ${s.cases} | ${s.requests} | ` +
        `${s.agree} | ${s.declared} | ${s.differ + s.error} | ${pct(s.agree + s.declared, s.requests)} |`,
    );
    total.cases += s.cases;
    total.requests += s.requests;
    total.agree += s.agree;
    total.declared += s.declared;
    total.differ += s.differ + s.error;
  }
  out.push(
    `| **Total** | ${total.cases} | ${total.requests} | ` +
      `${total.agree} | ${total.declared} | ${total.differ} | ${pct(total.agree + total.declared, total.requests)} |`,
  );
  const declared = groupDeclared(outcomes);
  if (declared.length > 0) {
    out.push(
      '',
      'Declared (deliberate) differences:',
      '',
      '| Requests | Fields | Reason | Example |',
      '|---:|---|---|---|',
    );
    for (const d of declared) out.push(`| ${d.count} | ${d.fields} | ${md(d.reason)} | ${md(d.examples[0] ?? '')} |`);
  }
  const differ = outcomes.filter((o) => o.verdict === 'differ' || o.verdict === 'error');
  if (differ.length > 0) {
    out.push(
      '',
      'Undeclared differences (htserve bugs to fix):',
      '',
      '| Case | Request | Apache | htserve |',
      '|---|---|---|---|',
    );
    for (const o of differ)
      out.push(`| ${md(o.kase.name)} | ${md(describeRequest(o))} | ${md(side(o.apache))} | ${md(side(o.htserve))} |`);
  }
  return out.join('\n');
}
