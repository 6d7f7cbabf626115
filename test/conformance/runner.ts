// Sends every request of every case to both servers and classifies the pair of answers.

import { passwordOf } from './dsl.js';
import { coveringDeclarations, GLOBAL_RULES } from './declared.js';
import { diffFields, observe } from './compare.js';
import { sendRaw } from './http-client.js';
import type { Case, Declared, Observed, Outcome, RequestSpec } from './types.js';

export function authorizationFor(r: RequestSpec): string | undefined {
  if (r.authorization !== undefined) return r.authorization;
  if (r.as === 'anon') return undefined;
  const creds = r.as.includes(':') ? r.as : `${r.as}:${passwordOf(r.as)}`;
  return 'Basic ' + Buffer.from(creds, 'utf8').toString('base64');
}

export function targetFor(r: RequestSpec, caseUrl: string): string {
  const p = r.path.replaceAll('{@}', caseUrl);
  return p.startsWith('@') ? caseUrl + p.slice(1) : p;
}

async function ask(
  port: number,
  r: RequestSpec,
  target: string,
  caching: boolean,
): Promise<Observed | { error: string }> {
  const headers: Array<readonly [string, string]> = [...r.headers];
  const auth = authorizationFor(r);
  if (auth !== undefined) headers.push(['Authorization', auth]);
  try {
    const res = await sendRaw({ port, method: r.method, target, version: r.version, headers, localAddress: r.from });
    return observe(res, r.method, target, port, r.probe, caching);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function classify(
  kase: Case,
  request: RequestSpec,
  target: string,
  apache: Observed | { error: string },
  htserve: Observed | { error: string } | null,
): Outcome {
  const base = { kase, request, target, apache, htserve };
  const oracleMismatch =
    request.expect !== undefined && 'status' in apache && apache.status !== request.expect
      ? { expected: request.expect, got: apache.status }
      : undefined;
  if (htserve === null) return { ...base, verdict: 'agree', differing: [], oracleMismatch };
  if ('error' in apache || 'error' in htserve) return { ...base, verdict: 'error', differing: [], oracleMismatch };
  const differing = diffFields(apache, htserve);
  if (differing.length === 0) return { ...base, verdict: 'agree', differing, oracleMismatch };
  const candidates: Declared[] = [];
  if (request.declared) candidates.push(request.declared);
  if (kase.declared) candidates.push(kase.declared);
  for (const rule of GLOBAL_RULES) if (rule.applies(request, apache, htserve)) candidates.push(rule);
  const covering = coveringDeclarations(differing, candidates);
  if (covering) return { ...base, verdict: 'declared', differing, declaredBy: covering, oracleMismatch };
  return { ...base, verdict: 'differ', differing, oracleMismatch };
}

/** What the runner needs from htserve: its current port and crash recovery. */
export interface HtserveHandle {
  readonly port: number;
  checkCrash(target: string): Promise<string | null>;
}

/**
 * Runs all requests, by default one at a time (the whole run takes seconds; sequential requests
 * make an htserve crash attributable to the request that caused it). `concurrency` > 1 sends
 * several requests at once to both servers, which exercises htserve under parallel load.
 */
export async function runAll(
  cases: readonly Case[],
  urlOf: ReadonlyMap<Case, string>,
  apachePort: number,
  htserve: HtserveHandle | null,
  concurrency = 1,
): Promise<Outcome[]> {
  const jobs: Array<{ kase: Case; request: RequestSpec }> = [];
  for (const kase of cases) for (const request of kase.requests) jobs.push({ kase, request });
  const outcomes = new Array<Outcome>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const { kase, request } = jobs[index]!;
      const target = targetFor(request, urlOf.get(kase)!);
      const [a, first] = await Promise.all([
        ask(apachePort, request, target, kase.area === 'caching'),
        htserve === null ? Promise.resolve(null) : ask(htserve.port, request, target, kase.area === 'caching'),
      ]);
      let h = first;
      if (htserve !== null && h !== null && 'error' in h) {
        const crash = await htserve.checkCrash(target);
        if (crash !== null)
          h = {
            error: `htserve crashed (${h.error}); log tail: ${crash.split('\n').filter(Boolean).slice(-3).join(' | ')}`,
          };
      }
      outcomes[index] = classify(kase, request, target, a, h);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return outcomes;
}
