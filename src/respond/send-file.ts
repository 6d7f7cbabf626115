// Send a static file (docs/apache-behaviour.md §13, §14): validators, preconditions, ranges (single and
// multipart/byteranges), HEAD, and streaming with back-pressure. Access control has already
// happened; this only answers for the bytes.

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs, { createReadStream, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { ServerReply, ServerRequest } from '../server/exchange.js';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { evaluatePreconditions } from './conditional.js';
import { builtinErrorPage } from './error-page.js';
import { fileValidators, parseEntityTag, parseEntityTagList, weakMatch, type Validators } from './etag.js';
import { planRange, type ByteRange, type RangePlan } from './range.js';
import { applyHeaders, sendGenerated } from './send-html.js';
import type { BodyCache } from './body-cache.js';
import { zlibOptions, type GzipCache } from './gzip-cache.js';
import { createGzip } from 'node:zlib';
import { CHANGED_CODES, FileChangedError, openFlags, sameIdentity } from './file-identity.js';

export interface SendFileTarget {
  path: string;
  /** The caller's stat (used for its decisions). Headers are built from a fresh fstat of the
   * opened file so size, validators and bytes always agree. */
  stat: Stats;
  /** Final Content-Type (charset included), or null to send none (unknown type, docs/apache-behaviour.md §13). */
  contentType: string | null;
  /** Open with O_NOFOLLOW: symlinks are refused for the last component (see WalkTarget). */
  noFollow?: boolean;
  /** Extra headers (e.g. Cache-Control, or WWW-Authenticate kept for an ErrorDocument). */
  headers?: Record<string, string>;
}

export interface SendFileOptions {
  /** Request time in ms (default Date.now()). */
  now?: number;
  /** false for error documents: never 304/412 (docs/apache-behaviour.md §12.2). Default true. */
  conditional?: boolean;
  /** Status to send instead of 200, e.g. 404 when serving an ErrorDocument. Conditionals and
   * ranges only apply to 200 responses, as in Apache. */
  status?: number;
  /** Told about I/O errors after the headers went out (client disconnects are not reported). */
  onStreamError?: (err: Error) => void;
  /** The request headers to honour (Range, If-*), when access files edited them (RequestHeader). */
  requestHeaders?: IncomingHttpHeaders;
  /** Called with the final status just before the head is written, so the caller's header
   * rules (mod_headers) see — and may unset — ETag, Last-Modified and the rest. `version` is the
   * file sent (its exact mtime) and the request time the validators were computed for. */
  beforeHead?: (status: number, version: { mtimeUs: bigint; now: number }) => void;
  /** mod_deflate: gzip the body (`gzip`), or only say that the answer varies (`vary`). */
  deflate?: { plan: 'gzip' | 'vary'; cache: GzipCache } | undefined;
  /** Small files are answered from memory when the cache holds (or can read) this version. */
  bodies?: BodyCache | undefined;
  /** The page for a generated error (416) in the server's style; default Apache's. */
  errorPage?: (status: number) => { body: string; headers: Record<string, string> };
}

/** Rejection for a path that opened but is not a regular file. */
function notRegularFile(path: string, isDirectory: boolean): NodeJS.ErrnoException {
  const code = isDirectory ? 'EISDIR' : 'EACCES';
  const err: NodeJS.ErrnoException = new Error(`${code}: not a regular file, open '${path}'`);
  err.code = code;
  err.path = path;
  return err;
}

/** Large reads for large files: fewer thread-pool round trips and stream turns per MiB. */
const READ_CHUNK = 256 * 1024;

const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED', 'EPIPE', 'ECONNRESET']);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

// fs streams close their fd whenever they are destroyed (autoClose only governs the end of
// data), and FileHandle.createReadStream closes the handle. Multipart reads several ranges
// from one descriptor, so the streams get a close that leaves the fd to sendFile.
const SHARED_FD_FS = {
  open: fs.open,
  read: fs.read,
  close: (_fd: number, callback: (err: NodeJS.ErrnoException | null) => void): void => callback(null),
};

/** Bytes start..end (inclusive) of the open file; throws if the file shrank meanwhile so the
 * response is aborted instead of silently falling short of its Content-Length. */
async function* readRange(fh: FileHandle, start: number, end: number): AsyncGenerator<Buffer> {
  if (end < start) return;
  const stream = createReadStream('', { fd: fh.fd, start, end, highWaterMark: READ_CHUNK, fs: SHARED_FD_FS });
  let sent = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      sent += chunk.length;
      yield chunk;
    }
  } finally {
    // Wait until no read is in flight, so the caller may close the fd right after.
    if (!stream.closed) {
      const closed = once(stream, 'close');
      stream.destroy();
      await closed;
    }
  }
  if (sent !== end - start + 1) throw new Error('file changed size while being sent');
}

interface Multipart {
  contentType: string;
  length: number;
  body: (fh: FileHandle) => AsyncGenerator<Buffer>;
  /** The same bytes cut from a body held in memory. */
  fromBuffer: (bytes: Buffer) => Buffer;
}

/** multipart/byteranges framing (RFC 9110 section 14.6, Apache's layout) with its exact length. */
function multipart(ranges: readonly ByteRange[], partType: string | null, size: number): Multipart {
  const boundary = randomBytes(12).toString('hex');
  const heads = ranges.map((r) =>
    Buffer.from(
      `\r\n--${boundary}\r\n` +
        (partType === null ? '' : `Content-Type: ${partType}\r\n`) +
        `Content-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`,
      'latin1',
    ),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  const length =
    heads.reduce((n, h) => n + h.length, 0) + ranges.reduce((n, r) => n + (r.end - r.start + 1), 0) + tail.length;
  return {
    contentType: `multipart/byteranges; boundary=${boundary}`,
    length,
    body: async function* (fh) {
      for (const [i, r] of ranges.entries()) {
        yield heads[i] as Buffer;
        yield* readRange(fh, r.start, r.end);
      }
      yield tail;
    },
    fromBuffer: (bytes) =>
      Buffer.concat([...ranges.flatMap((r, i) => [heads[i]!, bytes.subarray(r.start, r.end + 1)]), tail], length),
  };
}

function withoutContentHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!/^content-/i.test(name)) out[name] = value;
  }
  return out;
}

function validatorHeaders(v: Validators): OutgoingHttpHeaders {
  return { 'Last-Modified': v.lastModified, ETag: v.etag, 'Accept-Ranges': 'bytes' };
}

/**
 * Answer `req` with the file. Resolves when the response is finished (or the client went
 * away). Rejects — before any header is written — when the file cannot be opened any more
 * (a FileChangedError whose `code` is ENOENT, ENOTDIR, ELOOP, EACCES or EPERM), when another
 * file than `stat` describes opened (ESTALE), or when it is no longer a regular file (EISDIR
 * for directories, EACCES otherwise).
 */
export async function sendFile(
  req: ServerRequest,
  res: ServerReply,
  file: SendFileTarget,
  opts: SendFileOptions = {},
): Promise<void> {
  if (opts.deflate?.plan === 'gzip') {
    // Held in memory when small enough and not too many are being compressed; else (or when the
    // file changed meanwhile) the disk path below compresses while streaming or reports the change.
    const gz = opts.deflate.cache;
    const entry = gz.holds(file.stat) ? await gz.get(file.path, file.stat, file.noFollow === true) : 'busy';
    if (entry !== 'busy' && entry !== null) {
      const v = fileValidators(entry.size, entry.mtimeUs, opts.now ?? Date.now());
      void answer(
        req,
        res,
        file,
        opts,
        { size: entry.body.length, validators: v, mtimeUs: entry.mtimeUs, encoding: gzipEncoding(v.etag) },
        { kind: 'memory', body: entry.body },
      );
      return;
    }
  }
  const cache = opts.bodies;
  if (cache?.eligible(file.path, file.stat)) {
    const cached = cache.get(file.path, file.stat) ?? (await cache.load(file.path, file.stat, file.noFollow));
    if (cached) {
      // From memory: nothing left to stream once answer() returns.
      void answer(
        req,
        res,
        file,
        opts,
        {
          size: cached.size,
          validators: cache.validators(cached, opts.now ?? Date.now()),
          mtimeUs: cached.mtimeUs,
          ...varyOnly(opts),
        },
        { kind: 'memory', body: cached.body },
      );
      return;
    }
  }
  let fh: FileHandle;
  try {
    fh = await open(file.path, openFlags(file.noFollow));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (CHANGED_CODES.has(code)) throw new FileChangedError(file.path, `cannot be opened any more (${code})`, code);
    throw e;
  }
  try {
    const st = await fh.stat({ bigint: true });
    // The walk's checks (symlinks, owners, access files on the way) were about this inode only.
    if (!sameIdentity(st, file.stat))
      throw new FileChangedError(file.path, 'is another file than the one checked', 'ESTALE');
    if (!st.isFile()) throw notRegularFile(file.path, st.isDirectory());
    const mtimeUs = st.mtimeNs / 1000n;
    const v = fileValidators(st.size, mtimeUs, opts.now ?? Date.now());
    const version: FileVersion =
      opts.deflate?.plan === 'gzip'
        ? { size: Number(st.size), validators: v, mtimeUs, encoding: gzipEncoding(v.etag), stream: true }
        : { size: Number(st.size), validators: v, mtimeUs, ...varyOnly(opts) };
    const streamed = answer(req, res, file, opts, version, { kind: 'disk', fh });
    if (streamed) await streamed;
  } finally {
    await fh.close().catch(() => undefined);
  }
}

type BodySource = { kind: 'memory'; body: Buffer } | { kind: 'disk'; fh: FileHandle };

/** A content-coded representation (mod_deflate): its own ETag and the headers that name it. */
interface Encoding {
  /** The original ETag with `-gzip` before the closing quote (DeflateAlterETag AddSuffix). */
  etag: string;
  headers: Record<string, string>;
}

interface FileVersion {
  /** Bytes of the body sent (the compressed length for an encoding held in memory). */
  size: number;
  /** The original file's validators: preconditions are evaluated against them, as in Apache. */
  validators: Validators;
  mtimeUs: bigint;
  encoding?: Encoding | undefined;
  /** Only `Vary: Accept-Encoding` (DEFLATE in the chain, but the client does not take gzip). */
  vary?: boolean;
  /** Compress while streaming from disk: length unknown, so no ranges and no Content-Length. */
  stream?: boolean;
}

/** deflate_check_etag: `"x"` becomes `"x-gzip"`, `W/"x"` becomes `W/"x-gzip"`. */
export function gzipEtag(etag: string): string {
  return etag.length > 2 && etag.endsWith('"') ? `${etag.slice(0, -1)}-gzip"` : etag;
}

function gzipEncoding(etag: string): Encoding {
  return { etag: gzipEtag(etag), headers: { 'Content-Encoding': 'gzip' } };
}

function varyOnly(opts: SendFileOptions): { vary?: boolean } {
  return opts.deflate?.plan === 'vary' ? { vary: true } : {};
}

/**
 * Preconditions, range and headers for one version of the file, then its bytes from memory or
 * from the open descriptor. Returns the streaming promise when bytes still flow from disk.
 */
function answer(
  req: ServerRequest,
  res: ServerReply,
  file: SendFileTarget,
  opts: SendFileOptions,
  version: FileVersion,
  source: BodySource,
): Promise<void> | null {
  const now = opts.now ?? Date.now();
  const reqHeaders = opts.requestHeaders ?? req.headers;
  const status = opts.status ?? 200;
  const method = req.method ?? 'GET';
  const { size, validators: v, encoding } = version;
  const normal = status === 200;
  const stamp = { mtimeUs: version.mtimeUs, now };

  if (normal && opts.conditional !== false && hasPrecondition(reqHeaders)) {
    const outcome = evaluatePreconditions({
      method,
      ifMatch: header(reqHeaders, 'if-match'),
      ifNoneMatch: header(reqHeaders, 'if-none-match'),
      ifModifiedSince: header(reqHeaders, 'if-modified-since'),
      ifUnmodifiedSince: header(reqHeaders, 'if-unmodified-since'),
      etag: v.etag,
      lastModifiedMs: v.lastModifiedMs,
      now,
    });
    if (outcome === 304) {
      applyHeaders(res, { ...withoutContentHeaders(file.headers), ...validatorHeaders(v) });
      opts.beforeHead?.(304, stamp);
      res.writeHead(304);
      res.end();
      return null;
    }
    if (outcome === 412) {
      opts.beforeHead?.(412, stamp);
      res.writeHead(412, { 'Content-Length': '0' });
      res.end();
      return null;
    }
  }

  if (normal && encoding && opts.conditional !== false && encodedTagMatches(reqHeaders, encoding.etag)) {
    // htserve extension (README, deliberate differences): Apache never matches its own `-gzip` tag.
    applyHeaders(res, { ...withoutContentHeaders(file.headers), ...validatorHeaders(v), ETag: encoding.etag });
    mergeVary(res);
    opts.beforeHead?.(304, stamp);
    res.writeHead(304);
    res.end();
    return null;
  }

  const etag = encoding?.etag ?? v.etag;
  // A body compressed while streaming has no length to cut ranges from: it is sent whole.
  const rangeHeader = normal && !version.stream ? header(reqHeaders, 'range') : undefined;
  const plan: RangePlan =
    rangeHeader !== undefined
      ? planRange(rangeHeader, header(reqHeaders, 'if-range'), size, etag, v.lastModifiedMs, now)
      : { kind: 'full' };

  if (plan.kind === 'unsatisfiable') {
    // Product decision: unlike Apache, say what the valid extent is.
    const page = opts.errorPage?.(416) ?? builtinErrorPage(416, { method, url: req.url ?? '/' });
    sendGenerated(req, res, 416, { ...page.headers, 'Content-Range': `bytes */${size}` }, page.body);
    return null;
  }

  const headers: OutgoingHttpHeaders = {
    ...(file.headers ?? {}),
    ...validatorHeaders(v),
    ETag: etag,
    ...(encoding?.headers ?? {}),
  };
  const vary = encoding !== undefined || version.vary === true;
  let code = status;
  let start = 0;
  let end = size - 1;
  let parts: Multipart | null = null;
  if (plan.kind === 'full') {
    if (!version.stream) headers['Content-Length'] = size;
    if (file.contentType !== null) headers['Content-Type'] = file.contentType;
  } else if (plan.ranges.length === 1) {
    const r = plan.ranges[0] as ByteRange;
    code = 206;
    start = r.start;
    end = r.end;
    headers['Content-Range'] = `bytes ${r.start}-${r.end}/${size}`;
    headers['Content-Length'] = r.end - r.start + 1;
    if (file.contentType !== null) headers['Content-Type'] = file.contentType;
  } else {
    parts = multipart(plan.ranges, file.contentType, size);
    code = 206;
    headers['Content-Length'] = parts.length;
    headers['Content-Type'] = parts.contentType;
  }

  // No type to send (Apache sends none either): forbid browsers to guess one, so an uploaded
  // file of unknown type is never run as HTML or script (README, deliberate differences).
  if (file.contentType === null) headers['X-Content-Type-Options'] = 'nosniff';
  applyHeaders(res, headers);
  if (vary) mergeVary(res);
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    res.removeHeader('Content-Type'); // unknown type: no Content-Type at all (docs/apache-behaviour.md §13)
  }
  opts.beforeHead?.(code, stamp);
  res.writeHead(code);
  if (method === 'HEAD') {
    res.end();
    return null;
  }
  if (source.kind === 'memory') {
    const bytes = source.body;
    res.end(parts ? parts.fromBuffer(bytes) : start === 0 && end === size - 1 ? bytes : bytes.subarray(start, end + 1));
    return null;
  }
  const failed = (err: unknown): void => {
    const e = err as NodeJS.ErrnoException;
    if (!CLIENT_GONE.has(e.code ?? '')) opts.onStreamError?.(e);
    res.destroy();
  };
  if (parts) return pipeline(Readable.from(parts.body(source.fh), { objectMode: false }), res).catch(failed);
  if (version.stream) {
    // Too large to hold compressed in memory: compress on the thread pool as it streams.
    const gzip = createGzip(zlibOptions(opts.deflate?.cache.level ?? 6));
    return pipeline(Readable.from(readRange(source.fh, 0, size - 1), { objectMode: false }), gzip, res).catch(failed);
  }
  if (end < start) {
    res.end();
    return null;
  }
  // One byte range: the file stream straight into the response (no generator per chunk).
  const stream = createReadStream('', {
    fd: source.fh.fd,
    start,
    end,
    highWaterMark: READ_CHUNK,
    fs: SHARED_FD_FS,
  });
  return pipeline(stream, res)
    .then(() => {
      // The file shrank while being sent: the response is short of its Content-Length, and the
      // client must see it cut off rather than complete.
      if (stream.bytesRead !== end - start + 1) failed(new Error('file changed size while being sent'));
    }, failed)
    .then(async () => {
      // No read may be in flight when the caller closes the descriptor.
      if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
    });
}

/** `Vary: Accept-Encoding` merged into what is there (apr_table_mergen). */
function mergeVary(res: ServerReply): void {
  const current = res.getHeader('Vary');
  const list = current === undefined ? '' : Array.isArray(current) ? current.join(', ') : String(current);
  if (list.split(',').some((v) => v.trim().toLowerCase() === 'accept-encoding')) return;
  res.setHeader('Vary', list === '' ? 'Accept-Encoding' : `${list}, Accept-Encoding`);
}

/** If-None-Match names the encoded representation's tag (weak comparison, GET/HEAD only). */
function encodedTagMatches(h: IncomingHttpHeaders, etag: string): boolean {
  const inm = header(h, 'if-none-match');
  if (inm === undefined) return false;
  const own = parseEntityTag(etag);
  return own !== null && parseEntityTagList(inm).some((t) => weakMatch(t, own));
}

function hasPrecondition(h: IncomingHttpHeaders): boolean {
  return (
    h['if-match'] !== undefined ||
    h['if-none-match'] !== undefined ||
    h['if-modified-since'] !== undefined ||
    h['if-unmodified-since'] !== undefined
  );
}
