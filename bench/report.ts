// The results: types shared with run.ts, the markdown tables (one row per scenario and server,
// the flood table, memory), the README block (scenario × server grid) and the SVG chart.

import type { LoadResult } from './load.js';
import type { Feature, Scenario } from './scenarios.js';

export interface ServerInfo {
  id: string;
  label: string;
  version: string | null;
  /** ran: started and measured; missing: not installed; failed: did not start. */
  state: 'ran' | 'missing' | 'failed';
  reason?: string;
  features: readonly Feature[];
  rssIdleKiB?: number;
  rssAfterKiB?: number;
  processesIdle?: number;
  processesAfter?: number;
  notes: string[];
}

/**
 * ok: measured; unsupported: the server lacks the feature; mismatch: wrong status (not loaded);
 * skipped: status right, but the time budget (--quick) was spent; error: the load failed.
 */
export type CellState = 'ok' | 'unsupported' | 'mismatch' | 'skipped' | 'error';

export interface Cell {
  scenario: string;
  server: string;
  state: CellState;
  expected: number;
  got?: number;
  message?: string;
  load?: LoadResult;
  /** This server's req/s divided by htserve's. */
  ratio?: number | null;
}

export interface FloodRow {
  server: string;
  state: CellState;
  message?: string;
  calm?: LoadResult;
  flood?: LoadResult;
  /** The wrong-password load itself (its answers per second). */
  attack?: LoadResult;
  /** flood req/s ÷ calm req/s of the public file. */
  ratio?: number | null;
}

export interface Results {
  meta: {
    date: string;
    command: string;
    machine: { cpu: string; cores: number; memGiB: number; kernel: string; node: string };
    loader: { name: string; version: string };
    options: Record<string, unknown>;
    fixture: string;
  };
  servers: ServerInfo[];
  scenarios: Scenario[];
  cells: Cell[];
  flood: FloodRow[];
  problems: string[];
}

// ---------------------------------------------------------------------------------------------
// number formatting

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** req/s of a load, or a warning when not one request completed (too short a run). */
const rpsOf = (l: LoadResult): string => (l.requests === 0 ? '⚠ none completed' : fmtRps(l.rps));

export function fmtRps(n: number): string {
  return n >= 100 ? int(n) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

export function fmtRatio(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '–';
  if (r >= 100) return `${int(r)}×`;
  if (r >= 1) return `${r.toFixed(1)}×`;
  return `${r.toPrecision(2)}×`;
}

const fmtMs = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '–' : ms >= 100 ? int(ms) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);

const fmtMiB = (kib: number | undefined): string => (kib === undefined ? '–' : (kib / 1024).toFixed(1));

function errorsText(l: LoadResult): string {
  const parts: string[] = [];
  if (l.timeouts) parts.push(`${int(l.timeouts)} timeouts`);
  const sock = l.connectErrors + l.readErrors + l.writeErrors;
  if (sock) parts.push(`${int(sock)} socket`);
  return parts.join(', ');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const ran = (r: Results): ServerInfo[] => r.servers.filter((s) => s.state === 'ran');
const label = (r: Results, id: string): string => r.servers.find((s) => s.id === id)?.label ?? id;

function failText(c: { state: CellState; got?: number; expected?: number; message?: string }): string {
  if (c.state === 'unsupported') return '–';
  if (c.state === 'skipped') return 'skipped (time budget)';
  if (c.state === 'mismatch') return `✗ ${c.message ?? `got ${c.got ?? 'no answer'}, expected ${c.expected}`}`;
  return `✗ ${c.message ?? 'error'}`;
}

// ---------------------------------------------------------------------------------------------
// console tables

/** The one results table: a row per scenario and server, with the ratio of each peer to htserve. */
export function resultsTable(r: Results): string {
  const header = ['scenario', 'server', 'req/s', 'vs htserve', 'MiB/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'];
  const rows: string[][] = [];
  for (const sc of r.scenarios) {
    const cells = r.cells.filter((c) => c.scenario === sc.id);
    if (cells.length === 0) continue;
    cells.forEach((c, i) => {
      const first = i === 0 ? `${sc.id}: ${sc.title}` : '';
      const l = c.load;
      if (c.state !== 'ok' || !l) {
        rows.push([first, label(r, c.server), failText(c), '', '', '', '', '', '']);
        return;
      }
      const non2xx =
        l.unexpected > 0
          ? `⚠ ${int(l.unexpected)} not ${c.expected}`
          : sc.expect >= 400
            ? `${int(l.errorStatus)} (all ${sc.expect})`
            : int(l.errorStatus);
      rows.push([
        first,
        label(r, c.server),
        rpsOf(l),
        c.server === 'htserve' ? '1.0 (ref)' : `${fmtRatio(c.ratio)} htserve`,
        sc.throughput ? l.mibps.toFixed(1) : '',
        fmtMs(l.p50ms),
        fmtMs(l.p99ms),
        non2xx,
        errorsText(l),
      ]);
    });
  }
  return table(header, rows);
}

export function floodTable(r: Results): string {
  const header = [
    'server',
    'calm req/s',
    'calm p99 ms',
    'flood req/s',
    'flood p99 ms',
    'flood/calm',
    'wrong-password 401/s',
    'errors under flood',
  ];
  const rows = r.flood.map((f) => {
    if (f.state !== 'ok' || !f.calm || !f.flood) return [label(r, f.server), failText(f), '', '', '', '', '', ''];
    return [
      label(r, f.server),
      fmtRps(f.calm.rps),
      fmtMs(f.calm.p99ms),
      fmtRps(f.flood.rps),
      fmtMs(f.flood.p99ms),
      fmtRatio(f.ratio),
      f.attack ? fmtRps(f.attack.rps) : '–',
      errorsText(f.flood),
    ];
  });
  return table(header, rows);
}

export function memoryTable(r: Results): string {
  const rows = ran(r).map((s) => [
    s.label,
    String(s.processesIdle ?? '–'),
    fmtMiB(s.rssIdleKiB),
    fmtMiB(s.rssAfterKiB),
    String(s.processesAfter ?? '–'),
  ]);
  return table(['server', 'processes', 'RSS idle MiB', 'RSS after run MiB', 'processes after'], rows);
}

// ---------------------------------------------------------------------------------------------
// README block: scenario × server grid

export function readmeBlock(r: Results): string {
  const servers = ran(r);
  const header = ['scenario', ...servers.map((s) => s.label)];
  const rows: string[][] = [];
  for (const sc of r.scenarios) {
    const row = [sc.title];
    let any = false;
    for (const s of servers) {
      const c = r.cells.find((x) => x.scenario === sc.id && x.server === s.id);
      if (!c) {
        row.push('');
        continue;
      }
      any = true;
      if (c.state !== 'ok' || !c.load) {
        row.push(failText(c));
        continue;
      }
      const mib = sc.throughput ? ` · ${c.load.mibps.toFixed(0)} MiB/s` : '';
      row.push(s.id === 'htserve' ? `${rpsOf(c.load)}${mib}` : `${rpsOf(c.load)}${mib} (${fmtRatio(c.ratio)})`);
    }
    if (any) rows.push(row);
  }
  if (r.flood.length > 0) {
    rows.push([
      '1 KiB file under a wrong-password flood, ÷ calm',
      ...servers.map((s) => {
        const f = r.flood.find((x) => x.server === s.id);
        if (!f) return '–';
        if (f.state !== 'ok' || !f.flood) return failText(f);
        return `${fmtRps(f.flood.rps)} (${fmtRatio(f.ratio)} of calm)`;
      }),
    ]);
  }
  rows.push(['RSS idle → after run, MiB', ...servers.map((s) => `${fmtMiB(s.rssIdleKiB)} → ${fmtMiB(s.rssAfterKiB)}`)]);
  const m = r.meta;
  return [
    '<!-- bench:begin (npm run bench -- --readme) -->',
    `Requests per second (ratio to htserve in parentheses), ${m.loader.name} with ${String(m.options.connections)} connections, ` +
      `${String(m.options.duration)} s per run, on ${m.machine.cpu} (${m.machine.cores} cores), ${m.date.slice(0, 10)}. ` +
      'All servers in one run on one machine: compare ratios, not absolute numbers.',
    '',
    table(header, rows),
    '<!-- bench:end -->',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// SVG chart: horizontal bars of req/s on a log scale, one group per scenario, ratio labels

const COLORS: Record<string, string> = {
  htserve: '#d9480f',
  apache: '#1c7ed6',
  nginx: '#2f9e44',
  caddy: '#0c8599',
  sirv: '#ae3ec9',
  'serve-static': '#f08c00',
  'http-server': '#868e96',
};

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function chartSvg(r: Results): string {
  const servers = ran(r);
  interface Bar {
    server: string;
    value: number | null;
    text: string;
  }
  const groups: { title: string; bars: Bar[] }[] = [];
  for (const sc of r.scenarios) {
    const bars: Bar[] = [];
    for (const s of servers) {
      const c = r.cells.find((x) => x.scenario === sc.id && x.server === s.id);
      if (!c) continue;
      if (c.state === 'ok' && c.load) {
        const ratio = s.id === 'htserve' ? 'htserve = 1.0' : `${fmtRatio(c.ratio)} htserve`;
        const mib = sc.throughput ? ` · ${c.load.mibps.toFixed(0)} MiB/s` : '';
        bars.push({
          server: s.id,
          value: c.load.rps,
          text: `${rpsOf(c.load)}${c.load.requests ? '/s' : ''}${mib} · ${ratio}`,
        });
      } else bars.push({ server: s.id, value: null, text: failText(c) });
    }
    if (bars.length > 0) groups.push({ title: `${sc.id}: ${sc.title}`, bars });
  }
  const floodBars: Bar[] = r.flood.map((f) =>
    f.state === 'ok' && f.flood && f.calm
      ? {
          server: f.server,
          value: f.flood.rps,
          text: `${fmtRps(f.flood.rps)}/s · ${fmtRatio(f.ratio)} of its calm ${fmtRps(f.calm.rps)}/s`,
        }
      : { server: f.server, value: null, text: failText(f) },
  );
  if (floodBars.length > 0)
    groups.push({ title: 'flood: 1 KiB file while wrong passwords hit bcrypt', bars: floodBars });

  const values = groups.flatMap((g) => g.bars.map((b) => b.value)).filter((v): v is number => v !== null && v > 0);
  const lo = Math.floor(Math.log10(Math.max(0.1, Math.min(...values, 1))));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...values, 10))));
  const W = 980;
  const left = 150;
  const barW = 540;
  const rowH = 18;
  const x = (v: number): number => left + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * barW;
  const out: string[] = [];
  let y = 58;
  for (const g of groups) {
    out.push(`<text x="10" y="${y + 13}" class="g">${esc(g.title)}</text>`);
    y += rowH + 4;
    for (const b of g.bars) {
      const name = servers.find((s) => s.id === b.server)?.id ?? b.server;
      out.push(`<text x="${left - 8}" y="${y + 13}" class="n" text-anchor="end">${esc(name)}</text>`);
      if (b.value !== null && b.value > 0) {
        const w = Math.max(1, x(b.value) - left);
        out.push(
          `<rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${COLORS[b.server] ?? '#495057'}"/>`,
        );
        out.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 13}" class="v">${esc(b.text)}</text>`);
      } else {
        out.push(`<text x="${left + 6}" y="${y + 13}" class="v m">${esc(b.text)}</text>`);
      }
      y += rowH;
    }
    y += 10;
  }
  const grid: string[] = [];
  const unit = (e: number): string => (e >= 6 ? `${10 ** (e - 6)}M` : e >= 3 ? `${10 ** (e - 3)}k` : `${10 ** e}`);
  for (let e = lo; e <= hi; e++) {
    const gx = left + ((e - lo) / (hi - lo)) * barW;
    grid.push(`<line x1="${gx}" y1="44" x2="${gx}" y2="${y}" class="grid"/>`);
    grid.push(`<text x="${gx}" y="${y + 14}" class="axis" text-anchor="middle">${unit(e)}</text>`);
  }
  const H = y + 24;
  const m = r.meta;
  const sub =
    `${m.loader.name}, ${String(m.options.connections)} connections, ${String(m.options.duration)} s per run · ` +
    `${m.machine.cpu}, ${m.machine.cores} cores · ${m.date.slice(0, 16).replace('T', ' ')} · requests/s, log scale`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif">
<style>
  .t { font-size: 16px; font-weight: 600; }
  .s { font-size: 11px; fill: #495057; }
  .g { font-size: 13px; font-weight: 600; }
  .n { font-size: 12px; }
  .v { font-size: 11px; fill: #212529; }
  .m { fill: #868e96; }
  .axis { font-size: 10px; fill: #868e96; }
  .grid { stroke: #dee2e6; stroke-width: 1; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" class="t">htserve and peers: requests per second (same run, same machine; ratios to htserve)</text>
<text x="10" y="38" class="s">${esc(sub)}</text>
${grid.join('\n')}
${out.join('\n')}
</svg>
`;
}
