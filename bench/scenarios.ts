// What is measured: one URL per scenario, the status every server must answer with (checked by a
// single request before loading), and the feature a peer needs to take part.

/** listing-json: a listing as JSON for `Accept: application/json` at the same URL. */
export type Feature = 'listing' | 'listing-json' | 'auth';

export interface Scenario {
  id: string;
  title: string;
  path: string;
  expect: number;
  /** Exact body length every server must send (files), checked by the probe. */
  bodyBytes?: number;
  /** A string the body must contain (the listing). */
  bodyIncludes?: string;
  /** The media type the answer must have (checked by the probe). */
  mediaType?: string;
  /** Request headers every request of the scenario sends. */
  headers?: Record<string, string>;
  /** Send the right Basic credentials. */
  credentials?: boolean;
  /** Report MiB/s (and compare servers by it). */
  throughput?: boolean;
  /** At most this many connections in a --quick run (a 10 MiB answer takes a while). */
  quickConnections?: number;
  needs?: Feature;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: '1k', title: '1 KiB file, 3 .htaccess levels', path: '/a/b/c/1k.txt', expect: 200, bodyBytes: 1024 },
  { id: '100k', title: '100 KiB file', path: '/files/100k.bin', expect: 200, bodyBytes: 100 * 1024, throughput: true },
  {
    id: '10m',
    title: '10 MiB file',
    path: '/files/10m.bin',
    expect: 200,
    bodyBytes: 10 * 1024 * 1024,
    throughput: true,
    quickConnections: 2,
  },
  {
    id: 'listing',
    title: 'listing of 1000 files',
    path: '/list/',
    expect: 200,
    bodyIncludes: 'file-0999.txt',
    needs: 'listing',
  },
  {
    id: 'listing10k',
    title: 'listing of 10,000 files (HTML)',
    path: '/list10k/',
    expect: 200,
    bodyIncludes: 'file-09999.txt',
    mediaType: 'text/html',
    quickConnections: 2,
    needs: 'listing',
  },
  {
    id: 'listing10k-json',
    title: 'listing of 10,000 files (JSON, Accept: application/json)',
    path: '/list10k/',
    expect: 200,
    bodyIncludes: '"name":"file-09999.txt"',
    mediaType: 'application/json',
    headers: { Accept: 'application/json' },
    quickConnections: 2,
    needs: 'listing-json',
  },
  { id: '404', title: 'missing URL (404)', path: '/no/such/page.html', expect: 404 },
  {
    id: 'auth',
    title: 'bcrypt realm, right password',
    path: '/protected/secret.txt',
    expect: 200,
    bodyBytes: 1024,
    credentials: true,
    needs: 'auth',
  },
];

/** The flood scenario: the 1 KiB file, calm, then while wrong passwords hit the bcrypt realm. */
export const FLOOD = {
  id: 'flood',
  title: '1 KiB file while wrong passwords flood the bcrypt realm',
  publicPath: '/a/b/c/1k.txt',
  floodPath: '/protected/secret.txt',
  floodExpect: 401,
} as const;

export const SCENARIO_IDS: readonly string[] = [...SCENARIOS.map((s) => s.id), FLOOD.id];
