// The Host header as Apache reads it with UseCanonicalName Off: SERVER_NAME and SERVER_PORT.

/** `name[:port]` or `[v6]:port` -> its parts ('' when no port is given). */
export function splitHost(host: string): { name: string; port: string } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host);
  return m ? { name: m[1]!, port: m[2] ?? '' } : { name: host, port: '' };
}
