// Pipelined requests wait for their turn before anything is decided or opened. node runs the
// handler of every pipelined request at once and only queues their answers, so 400 requests in one
// write would open 400 files (kept open until the connection's earlier answers are out, and never
// closed when the client aborts), and 100 000 tiny requests would hold 100 000 pending answers.
// Answers go out in order anyway (HTTP/1.1), so nothing is lost by starting each at its turn.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isHttp2, type ServerReply, type ServerRequest } from './exchange.js';
import type { Socket } from 'node:net';

/** Past this many answers waiting on one connection, stop reading more requests from it. */
const MAX_WAITING = 16;

const waiting = new WeakMap<Socket, number>();

/**
 * Resolves true when `res` is the connection's current answer (at once, unless it is queued behind
 * earlier pipelined answers), false when the client went away first.
 */
export function awaitTurn(req: ServerRequest, res: ServerReply): Promise<boolean> | true {
  // HTTP/2 streams are independent: nothing to wait for
  if (isHttp2(req)) return true;
  return awaitHttp1Turn(req, res as ServerResponse);
}

function awaitHttp1Turn(req: IncomingMessage, res: ServerResponse): Promise<boolean> | true {
  if (res.socket !== null) return true;
  const socket = req.socket;
  const count = (waiting.get(socket) ?? 0) + 1;
  waiting.set(socket, count);
  if (count === MAX_WAITING) socket.pause();
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      res.off('socket', onSocket);
      req.off('close', onClose);
      const left = (waiting.get(socket) ?? 1) - 1;
      waiting.set(socket, left);
      if (left === MAX_WAITING - 1 && !socket.destroyed) socket.resume();
      resolve(ok);
    };
    const onSocket = () => done(true);
    const onClose = () => done(false);
    res.once('socket', onSocket);
    req.once('close', onClose);
  });
}
