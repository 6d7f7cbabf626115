// The client address as the authorization rules see it. Node reports IPv4 clients of a
// dual-stack socket as `::ffff:a.b.c.d`; Apache's matcher treats those as plain IPv4, so we
// fold them once at the edge and every rule compares like with like.

import { parseAddressBytes } from './ip-match.js';

const V4_MAPPED = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** `::ffff:127.0.0.5` → `127.0.0.5`; drops an IPv6 zone id (`fe80::1%eth0`); undefined → ''. */
export function foldClientAddress(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return '';
  const zone = remoteAddress.indexOf('%');
  const address = zone >= 0 ? remoteAddress.slice(0, zone) : remoteAddress;
  const mapped = V4_MAPPED.exec(address);
  return mapped !== null ? mapped[1]! : address.toLowerCase();
}

/** Same address, whatever the spelling (`::1` = `0:0:0:0:0:0:0:1`, mapped IPv4 = IPv4). */
export function sameAddress(a: string, b: string): boolean {
  const x = parseAddressBytes(foldClientAddress(a));
  const y = parseAddressBytes(foldClientAddress(b));
  if (x === null || y === null || x.family !== y.family) return false;
  return x.bytes.every((byte, i) => byte === y.bytes[i]);
}

/** `Require local`: 127.0.0.0/8, ::1, or the very address the connection arrived on. */
export function isLocalAddress(ip: string, localIp: string): boolean {
  const client = parseAddressBytes(foldClientAddress(ip));
  if (client === null) return false;
  if (client.family === 4 && client.bytes[0] === 127) return true;
  if (client.family === 6 && client.bytes.every((b, i) => b === (i === 15 ? 1 : 0))) return true;
  return localIp !== '' && sameAddress(ip, localIp);
}
