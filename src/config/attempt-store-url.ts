// `auth.store`: empty (counts in memory) or a redis:// URL naming host, port and database.

/** Checks a store URL at load time, so a typo is a `server.ini:LINE` error and not a silent local count. */
export function parseAttemptStore(text: string): string {
  const t = text.trim();
  if (t === '') return '';
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    throw new Error(`expected empty or redis://HOST:PORT/DB, got ${JSON.stringify(t)}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new Error(`only redis:// and rediss:// stores are known, got ${JSON.stringify(url.protocol)}`);
  if (url.hostname === '') throw new Error('the redis URL needs a host');
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db))
    throw new Error(`the redis database must be a number, got ${JSON.stringify(db)}`);
  return t;
}
