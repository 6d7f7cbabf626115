// Request targets carrying raw bytes 0x80-0xFF (a UTF-8 name typed into curl or a script, not
// percent-encoded). Apache accepts them: in the path they count as their %XX forms, in the query
// they stay as they are (and reach a Location as they are). Node's HTTP parser refuses them
// (HPE_INVALID_URL), so on exactly that error the request head is taken from the bytes the parser
// refused, and replayed into the same server over an in-memory connection (node's 'connection'
// event takes any Duplex) with those bytes percent-encoded; the handler then reads the original
// target with rawTargetOf(). The real connection closes after that answer.
//
// Limits: the request line must start in the chunk where the parser stopped (a client that
// sends the line in pieces still gets 400), and a request pipelined behind it is not answered.

import type { Server, ServerResponse } from 'node:http';
import tls from 'node:tls';
import type { SecureServer } from './tls.js';
import type { ServerRequest } from './exchange.js';
import { Duplex } from 'node:stream';
import { decodeBytes } from '../text/decode-bytes.js';

export interface RawTarget {
  /** The target as text for the pipeline: path and query each decoded with decodeBytes(). */
  text: string;
  /** Its length in bytes on the request line. */
  bytes: number;
}

interface ParserError extends Error {
  code?: string;
  bytesParsed?: number;
  rawPacket?: Buffer;
}

/** Replay connections -> the original target of the request they carry. */
const replayed = new WeakMap<Duplex, RawTarget>();
/** Client connections being recovered: the head collected so far, or 'replayed' once handed over. */
const recovering = new WeakMap<Duplex, Buffer | 'replayed'>();

/** The original target of a replayed request (undefined for every ordinary request). */
export function rawTargetOf(req: ServerRequest): RawTarget | undefined {
  return replayed.get(req.socket);
}

const REQUEST_LINE_START = /^(?:\r?\n)*[!#$%&'*+.^_`|~0-9A-Za-z-]+ [\x21-\x7e]*$/;

/**
 * Called from the server's 'clientError' listener first. True when the error belongs to a
 * request this module answers (or is still collecting): the caller then does nothing else.
 */
export function recoverRawTarget(
  server: Server | SecureServer,
  err: Error,
  socket: Duplex,
  maxHeadBytes: number,
): boolean {
  const e = err as ParserError;
  const state = recovering.get(socket);
  if (state === 'replayed') return true; // later parser errors of a connection already handed over
  let head: Buffer;
  if (state === undefined) {
    const packet = e.rawPacket;
    const at = e.bytesParsed;
    if (e.code !== 'HPE_INVALID_URL' || !Buffer.isBuffer(packet) || at === undefined) return false;
    if ((packet[at] ?? 0) < 0x80) return false; // a control character: Apache refuses it too (400)
    const start = packet.lastIndexOf(0x0a, at) + 1;
    if (!REQUEST_LINE_START.test(packet.subarray(start, at).toString('latin1'))) return false;
    head = packet.subarray(start);
  } else {
    // The parser stays in its error state and reports each later chunk of the head the same way.
    if (!Buffer.isBuffer(e.rawPacket)) {
      recovering.delete(socket);
      return false;
    }
    head = Buffer.concat([state, e.rawPacket]);
  }
  const end = headEnd(head);
  if (end < 0) {
    if (head.length > maxHeadBytes) {
      recovering.delete(socket);
      return false;
    }
    recovering.set(socket, head);
    return true;
  }
  recovering.set(socket, 'replayed');
  // Read nothing more from the client: node would answer its end-of-input (a client that
  // half-closes after the request) by ending the connection before the replayed answer is out.
  socket.pause();
  const replayHead = head.subarray(0, end);
  afterEarlierAnswers(socket, () => replay(server, socket, replayHead));
  return true;
}

/**
 * Runs `then` once the answers to earlier requests on the connection (pipelined in front of
 * this one) are out, so the bytes of two answers never interleave. node keeps the answer being
 * written in socket._httpMessage and assigns the next queued one before emitting 'close'.
 */
function afterEarlierAnswers(socket: Duplex, then: () => void): void {
  const active = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!active || active.closed) then();
  else active.once('close', () => afterEarlierAnswers(socket, then));
}

/** Offset just after the blank line that ends the head, or -1. */
function headEnd(buf: Buffer): number {
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i + 1] === 0x0a) return i + 2;
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

function replay(server: Server | SecureServer, socket: Duplex, head: Buffer): void {
  if (socket.destroyed) return; // the client left while earlier answers were going out
  const lineEnd = head.indexOf(0x0a);
  let first = 0;
  while (head[first] === 0x0d || head[first] === 0x0a) first++;
  const sp1 = head.indexOf(0x20, first);
  let sp2 = head.indexOf(0x20, sp1 + 1);
  if (sp2 < 0 || sp2 > lineEnd) sp2 = head[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
  const target = head.subarray(sp1 + 1, sp2);
  let escaped = '';
  for (const b of target) escaped += b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase()}`;
  const q = target.indexOf(0x3f);
  const text =
    q < 0 ? decodeBytes(target) : `${decodeBytes(target.subarray(0, q))}?${decodeBytes(target.subarray(q + 1))}`;

  const client = socket as Duplex & {
    setTimeout?: (ms: number) => unknown;
    remoteAddress?: string;
    remotePort?: number;
    localAddress?: string;
    localPort?: number;
  };
  const conn = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      if (client.destroyed) callback(new Error('client connection closed'));
      else client.write(chunk, callback);
    },
    final(callback) {
      client.end();
      callback();
    },
    destroy(error, callback) {
      if (!client.destroyed) client.destroy();
      callback(error);
    },
  });
  // what the request handler reads from req.socket
  Object.assign(conn, {
    remoteAddress: client.remoteAddress,
    remotePort: client.remotePort,
    localAddress: client.localAddress,
    localPort: client.localPort,
  });
  // On an HTTPS server requests arrive on 'secureConnection' (the TLS layer is already done);
  // node:http2's listener sends a socket that negotiated http/1.1 to its HTTP/1.1 side.
  const secure = server instanceof tls.Server;
  if (secure) Object.assign(conn, { alpnProtocol: 'http/1.1', server, encrypted: true });
  client.once('close', () => conn.destroy());
  // after an earlier answer node left the short keep-alive timeout on the connection: back to the server's
  if (typeof client.setTimeout === 'function') client.setTimeout((server as { timeout?: number }).timeout ?? 0);
  replayed.set(conn, { text, bytes: target.length });
  conn.push(Buffer.concat([head.subarray(first, sp1 + 1), Buffer.from(escaped, 'latin1'), head.subarray(sp2)]));
  server.emit(secure ? 'secureConnection' : 'connection', conn);
}
