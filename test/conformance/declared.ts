// Deliberate differences that apply across all cases, each a predicate with a one-line reason.
// Case-specific ones live in the case tables (`declared:` on a case or a request).
// Anything not covered here or there counts as a failure.

import type { Declared, Field, Observed, RequestSpec } from './types.js';
import { FIELDS } from './types.js';

export interface GlobalRule extends Declared {
  id: string;
  applies(req: RequestSpec, apache: Observed, htserve: Observed): boolean;
}

/** Statuses decided before Apache looks at the method: those must still agree. */
const ACCESS_PHASE = new Set([400, 401, 403, 500]);

export const GLOBAL_RULES: readonly GlobalRule[] = [
  {
    id: 'method-405',
    fields: FIELDS,
    reason:
      'htserve answers 405 (Allow: GET, HEAD, OPTIONS) to POST/PUT/DELETE/other methods once access is granted; ' +
      'Apache serves POST like GET and answers PUT/DELETE 405 and unknown methods 501 with its own Allow list',
    applies: (req, apache, htserve) =>
      !['GET', 'HEAD', 'OPTIONS'].includes(req.method) &&
      htserve.status === 405 &&
      htserve.fields.allow === 'GET,HEAD,OPTIONS' &&
      !ACCESS_PHASE.has(apache.status),
  },
  {
    id: 'method-501-allow',
    fields: ['allow'],
    reason:
      "unknown method tokens: both answer 501; htserve's Allow lists the methods it serves (GET, HEAD, OPTIONS), " +
      "Apache's adds POST and TRACE",
    applies: (_req, apache, htserve) => apache.status === 501 && htserve.status === 501,
  },
  {
    id: 'options-allow',
    fields: ['allow'],
    reason:
      'OPTIONS: htserve lists the methods it serves (GET, HEAD, OPTIONS); Apache lists GET,POST,OPTIONS,HEAD,TRACE',
    applies: (req, apache, htserve) => req.method === 'OPTIONS' && apache.status === htserve.status,
  },
  {
    id: 'empty-body-content-type',
    fields: ['content-type'],
    reason:
      "bodiless 200 OPTIONS and 412 answers: Apache labels the empty body with the resource's type " +
      '(text/plain, httpd/unix-directory); htserve sends no Content-Type',
    applies: (req, apache, htserve) =>
      apache.status === htserve.status &&
      htserve.fields['content-type'] === '' &&
      ((req.method === 'OPTIONS' && apache.status === 200) || apache.status === 412),
  },
  {
    id: 'ht-any-case',
    fields: ['status', 'content-type', 'content-length', 'marker', 'listing'],
    reason:
      'htserve refuses .ht* names case-insensitively (403, hidden from listings): a case-insensitive volume ' +
      'would serve .htaccess as .HTACCESS; Apache\'s <Files ".ht*"> is case-sensitive',
    applies: (req, apache, htserve) =>
      (htserve.status === 403 && OTHER_CASE_HT(lastName(req.path))) ||
      (apache.status === 200 &&
        htserve.status === 200 &&
        apache.fields.listing !== htserve.fields.listing &&
        onlyOtherCaseHtHidden(apache.fields.listing, htserve.fields.listing)),
  },
  {
    id: '416-content-range',
    fields: ['content-range'],
    reason: 'htserve adds `Content-Range: bytes */<size>` to 416 as RFC 9110 asks; Apache sends none',
    applies: (_req, apache, htserve) => apache.status === 416 && htserve.status === 416,
  },
];

/** The last path component of a request target, percent-decoded where possible. */
function lastName(target: string): string {
  const raw = target.split('?')[0]!.replace(/\/+$/, '').split('/').pop() ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `.ht` in another case than Apache's case-sensitive <Files ".ht*">. */
const OTHER_CASE_HT = (name: string): boolean => /^\.ht/i.test(name) && !name.startsWith('.ht');

/** Listing entries Apache shows and htserve hides: exactly the .ht names in another case. */
function onlyOtherCaseHtHidden(apache: string, htserve: string): boolean {
  const entries = (l: string) =>
    l
      .replace(/^listing:/, '')
      .split(' ')
      .filter(Boolean);
  const kept = entries(apache).filter((e) => !OTHER_CASE_HT(decodeURIComponent(e.replace(/^\.\//, ''))));
  return kept.join(' ') === entries(htserve).join(' ');
}

/** The declarations (request, case, global) whose fields cover all the differing fields, if any. */
export function coveringDeclarations(differing: readonly Field[], candidates: readonly Declared[]): Declared[] | null {
  const used: Declared[] = [];
  for (const field of differing) {
    const d = candidates.find((c) => c.fields.includes(field));
    if (!d) return null;
    if (!used.includes(d)) used.push(d);
  }
  return used;
}
