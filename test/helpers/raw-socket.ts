// Raw TCP clients for hostile-connection tests: send exactly the bytes given (half a head, a body
// on GET, pipelined requests), read or refuse to read, and know when the server closed.
import net from 'node:net';

export interface RawConnection {
  socket: net.Socket;
  /** Everything received so far. */
  received(): Buffer;
  /** Resolves when the connection is closed (by either side); never rejects. */
  closed: Promise<void>;
}

/** Connects from `from` (a 127.0.0.x address) and resolves once connected. */
export function connectRaw(port: number, from = '127.0.0.1', opts: { read?: boolean } = {}): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    // A server that resets the connection is one of the outcomes under test, not a failure.
    socket.on('error', () => undefined);
    if (opts.read !== false) socket.on('data', (c: Buffer) => chunks.push(c));
    else socket.pause();
    socket.once('connect', () => resolve({ socket, received: () => Buffer.concat(chunks), closed }));
    closed.then(() => reject(new Error('closed before connecting')), reject);
  });
}

/** Status codes of every response head in `bytes`, in order. */
export function statusesIn(bytes: Buffer): number[] {
  return [...bytes.toString('latin1').matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}
