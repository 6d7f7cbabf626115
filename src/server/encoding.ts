// Which representation of an answer is sent: a precompressed sibling, the file gzipped by DEFLATE,
// or the file as it is (with `Vary` when that depends on Accept-Encoding). Decided per request
// from the merged configuration (compiled once) and the request's Accept-Encoding and variables;
// nothing here runs when neither DEFLATE nor `[compression] precompressed` is in force.

import type { Stats } from 'node:fs';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Decision } from '../decision.js';
import { deflatePlan } from '../respond/deflate-plan.js';
import { zlibOptions, type GzipCache } from '../respond/gzip-cache.js';
import { choosePrecompressed, type PrecompressedExt } from '../respond/precompressed.js';
import type { SendFileOptions, SendFileTarget } from '../respond/send-file.js';
import type { ServerRequest } from './exchange.js';

const gzipAsync = promisify(gzip);

export interface EncodingPorts {
  /** Gzipped bodies; absent when mod_deflate is not in `server.modules`. */
  gzip?: GzipCache | undefined;
  precompressed?: readonly PrecompressedExt[] | undefined;
}

function acceptEncoding(req: ServerRequest, d: Decision): string | undefined {
  const v = (d.requestHeaders ?? req.headers)['accept-encoding'];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** mod_deflate for a file answer. Error responses lose the content filters in Apache (ap_send_error_response). */
function deflateFor(
  req: ServerRequest,
  d: Decision,
  file: { path: string; stat: Stats; contentType: string | null },
  out: EncodingPorts,
): SendFileOptions['deflate'] {
  if (out.gzip === undefined || d.config?.deflate === undefined) return undefined;
  const name = basename(file.path);
  const plan = deflatePlan(d.config.deflate, name, file.contentType, file.stat.size, d.env, acceptEncoding(req, d));
  return plan === 'none' ? undefined : { plan, cache: out.gzip };
}

/** The file (or its sibling) to send and what DEFLATE does to it. */
export async function encodingFor(
  req: ServerRequest,
  d: Decision,
  file: SendFileTarget,
  errorStatus: number | undefined,
  out: EncodingPorts,
): Promise<{ target: SendFileTarget; deflate: SendFileOptions['deflate'] }> {
  if (errorStatus !== undefined) return { target: file, deflate: undefined };
  const deflate = deflateFor(req, d, file, out);
  if (out.precompressed === undefined || out.precompressed.length === 0) return { target: file, deflate };
  const choice = await choosePrecompressed(file.path, file.stat, out.precompressed, acceptEncoding(req, d));
  if (choice.sibling) {
    const { path, stat, coding } = choice.sibling;
    // The sibling's own bytes and validators, the original's type; never compressed again.
    const headers = { 'Content-Encoding': coding, Vary: 'Accept-Encoding' };
    return { target: { ...file, path, stat, noFollow: true, headers }, deflate: undefined };
  }
  return { target: choice.vary ? { ...file, headers: { Vary: 'Accept-Encoding' } } : file, deflate };
}

interface Page {
  bytes: Buffer;
  /** The same page gzipped, kept with it once DEFLATE asked for it. */
  gzipped?: Buffer;
  headers: Readonly<Record<string, string>>;
}

/** mod_deflate on a generated listing page: the page, gzipped or not, and its headers. */
export async function deflateListing(
  req: ServerRequest,
  d: Decision,
  page: Page,
  out: EncodingPorts,
): Promise<{ bytes: Buffer; headers: Readonly<Record<string, string>> }> {
  if (out.gzip === undefined || d.config?.deflate === undefined) return page;
  const type = page.headers['Content-Type'] ?? null;
  const plan = deflatePlan(d.config.deflate, '', type, page.bytes.length, d.env, acceptEncoding(req, d));
  if (plan === 'none') return page;
  const vary = page.headers.Vary === undefined ? 'Accept-Encoding' : `${page.headers.Vary}, Accept-Encoding`;
  if (plan === 'vary') return { bytes: page.bytes, headers: { ...page.headers, Vary: vary } };
  page.gzipped ??= await gzipAsync(page.bytes, zlibOptions(out.gzip.level));
  return { bytes: page.gzipped, headers: { ...page.headers, Vary: vary, 'Content-Encoding': 'gzip' } };
}
