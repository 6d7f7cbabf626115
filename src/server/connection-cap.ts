// A per-address connection cap (`server.max_connections_per_ip`): one client address cannot hold
// every connection slot (slowloris from one host, a download manager opening hundreds). A
// connection beyond the cap is closed at once, before any byte is read: no 503, because writing an
// answer costs the server work and a slot for as long as the client refuses to read it.
import net from 'node:net';
import { foldClientAddress } from '../authz/client-address.js';
import type { Logger } from './logs.js';

interface AddressState {
  open: number;
  /** Connections refused since the address last had a free slot (logged once per burst). */
  refused: number;
}

/**
 * Count open connections per client address (IPv4-mapped folded to IPv4). Only addresses with an
 * open connection have an entry, so the table never holds more than `server.max_connections`
 * entries.
 */
export function capConnectionsPerAddress(
  server: net.Server,
  max: number,
  log: Logger,
): ReadonlyMap<string, AddressState> {
  const byAddress = new Map<string, AddressState>();
  server.on('connection', (socket: net.Socket) => {
    // In-memory replays of a connection already counted (src/server/raw-target.ts) are not sockets.
    if (!(socket instanceof net.Socket)) return;
    const ip = foldClientAddress(socket.remoteAddress);
    let state = byAddress.get(ip);
    if (state === undefined) {
      state = { open: 0, refused: 0 };
      byAddress.set(ip, state);
    }
    if (state.open >= max) {
      if (state.refused++ === 0)
        log.warn(
          'HT011',
          `client ${ip} holds ${state.open} connections (server.max_connections_per_ip): more are closed`,
        );
      socket.destroy();
      return;
    }
    state.open++;
    const counted = state;
    socket.once('close', () => {
      if (--counted.open > 0) return;
      if (counted.refused > 1)
        log.info('HT011', `client ${ip}: ${counted.refused} connections were closed over the cap`);
      byAddress.delete(ip);
    });
  });
  return byAddress;
}
