// `htserve token`: the token files of Bearer realms (AuthBearerTokenFile, src/authn/token-file.ts).
//
//   htserve token add FILE NAME [--scope S]... [--expires 30d|DATE|never]   print a new token once
//   htserve token list FILE [--json]                                        names, states, scopes
//   htserve token revoke FILE NAME                                          refuse NAME's token from now on
//
// The file keeps only a SHA-256 of each token, so a lost token cannot be shown again: add a new
// one and revoke the old. Revoked entries stay in the file (marked), so `list` and the error log
// can say "revoked" instead of "unknown". The file is replaced atomically (temp file + rename,
// mode and owner kept); every other line stays as it was. Exit codes: 0 done, 1 the file cannot
// be read or written, or no such token to revoke, 2 usage.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  formatTokenEntry,
  isoSeconds,
  isScopeName,
  isTokenName,
  newToken,
  parseTokenFile,
  tokenDigest,
  type TokenEntry,
} from '../authn/token-file.js';
import { UsageError } from './serve-args.js';

export interface TokenIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const TOKEN_USAGE = `usage: htserve token add FILE NAME [--scope SCOPE]... [--expires 30d|12h|2027-06-30|never]
       htserve token list FILE [--json]
       htserve token revoke FILE NAME`;

const HEADER =
  '# htserve token file (AuthBearerTokenFile): NAME sha256:DIGEST [created=] [expires=] [revoked=] [scope=]...\n' +
  '# Only SHA-256 digests of the tokens are kept. Edit with `htserve token add|list|revoke`.\n';

class TokenFailure extends Error {}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400 };

/** `30d`, `12h`, `90m`, `3600s`, `2w`, an ISO 8601 date or time, or `never` (null). */
export function parseExpiry(text: string, now: Date): Date | null {
  if (text === 'never') return null;
  const rel = /^(\d{1,6})([smhdw])$/.exec(text);
  if (rel) return new Date(now.getTime() + Number(rel[1]) * UNITS[rel[2]!]! * 1000);
  if (/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?(\.\d+)?(Z|[+-]\d\d:\d\d))?$/.test(text)) {
    const d = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
    if (!Number.isNaN(d.getTime())) {
      if (d.getTime() <= now.getTime()) throw new UsageError(`--expires ${text} is in the past`);
      return d;
    }
  }
  throw new UsageError(
    `--expires takes 30d, 12h, 90m, 3600s, 2w, an ISO 8601 date (2027-06-30) or never; got '${text}'`,
  );
}

interface Parsed {
  action: 'add' | 'list' | 'revoke';
  file: string;
  name: string | null;
  scopes: string[];
  expires: string;
  json: boolean;
}

function parseArgs(argv: readonly string[]): Parsed {
  const [action, ...rest] = argv;
  if (action !== 'add' && action !== 'list' && action !== 'revoke') {
    throw new UsageError(action === undefined ? TOKEN_USAGE : `unknown token action '${action}'\n${TOKEN_USAGE}`);
  }
  const out: Parsed = { action, file: '', name: null, scopes: [], expires: 'never', json: false };
  const words: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const next = (): string => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--scope' && action === 'add') {
      const s = next();
      if (!isScopeName(s)) throw new UsageError(`'${s}' is not a scope name (printable ASCII without spaces, " or \\)`);
      if (!out.scopes.includes(s)) out.scopes.push(s);
    } else if (a === '--expires' && action === 'add') out.expires = next();
    else if (a === '--json' && action === 'list') out.json = true;
    else if (a.startsWith('-') && a !== '-')
      throw new UsageError(`unknown option ${a} for token ${action}\n${TOKEN_USAGE}`);
    else words.push(a);
  }
  const wanted = action === 'list' ? 1 : 2;
  if (words.length !== wanted) {
    throw new UsageError(`token ${action} expects ${action === 'list' ? 'FILE' : 'FILE NAME'}\n${TOKEN_USAGE}`);
  }
  out.file = words[0]!;
  if (action !== 'list') {
    const name = words[1]!;
    if (!isTokenName(name)) {
      throw new UsageError(`'${name}' is not a token name (no spaces, '=' or control characters, not starting with #)`);
    }
    out.name = name;
  }
  return out;
}

async function readText(file: string, missingOk: boolean): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code === 'ENOENT' && missingOk) return null;
    throw new TokenFailure(`cannot read ${file}: ${code}`);
  }
}

/** Temp file in the same directory, then rename over the original (its mode and owner kept). */
async function replaceFile(file: string, text: string): Promise<void> {
  let target = file;
  let original: { mode: number; uid: number; gid: number } | null = null;
  try {
    target = await fs.realpath(file);
    const st = await fs.stat(target);
    original = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new TokenFailure(`cannot access ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | null = null;
  try {
    // Digests only: readable by the server's user like an htpasswd file (0644 minus the umask).
    handle = await fs.open(temp, 'wx', original?.mode ?? 0o644);
    await handle.writeFile(text, 'utf8');
    if (original) {
      await handle.chmod(original.mode);
      await handle.chown(original.uid, original.gid).catch(() => undefined);
    }
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw new TokenFailure(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function state(e: TokenEntry, now: Date): 'revoked' | 'expired' | 'active' {
  if (e.revoked) return 'revoked';
  return e.expires && e.expires.getTime() <= now.getTime() ? 'expired' : 'active';
}

function reportProblems(text: string, file: string, io: TokenIo): void {
  for (const p of parseTokenFile(text, file).problems)
    io.stderr.write(`htserve token: ${p.file}:${p.line}: ${p.message}\n`);
}

async function add(p: Parsed, io: TokenIo, now: Date): Promise<number> {
  const expires = parseExpiry(p.expires, now);
  const text = (await readText(p.file, true)) ?? HEADER;
  reportProblems(text, p.file, io);
  const parsed = parseTokenFile(text, p.file);
  const taken = parsed.entries.find((e) => e.name === p.name && !e.revoked);
  if (taken) {
    throw new TokenFailure(
      `${p.file}:${taken.line}: "${p.name}" already has a token; revoke it first or choose another name`,
    );
  }
  const token = newToken();
  const line = formatTokenEntry({
    name: p.name!,
    digest: tokenDigest(token),
    created: now,
    expires,
    revoked: null,
    scopes: p.scopes,
  });
  await replaceFile(p.file, `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${line}\n`);
  io.stdout.write(`${token}\n`);
  io.stderr.write(
    `Added token "${p.name}" to ${p.file} (scopes: ${p.scopes.join(' ') || 'none'}; ` +
      `expires: ${expires ? isoSeconds(expires) : 'never'}).\n` +
      'The token is shown only this once: the file keeps only its SHA-256.\n',
  );
  return 0;
}

async function revoke(p: Parsed, io: TokenIo, now: Date): Promise<number> {
  const text = (await readText(p.file, false))!;
  reportProblems(text, p.file, io);
  const parsed = parseTokenFile(text, p.file);
  const live = parsed.entries.filter((e) => e.name === p.name && !e.revoked);
  if (live.length === 0) throw new TokenFailure(`${p.file}: no token named "${p.name}" that is not already revoked`);
  const lines = text.split('\n');
  for (const e of live) lines[e.line - 1] = formatTokenEntry({ ...e, revoked: now });
  await replaceFile(p.file, lines.join('\n'));
  io.stderr.write(`Revoked token "${p.name}" in ${p.file}: it is refused from the server's next look at the file.\n`);
  return 0;
}

async function list(p: Parsed, io: TokenIo, now: Date): Promise<number> {
  const text = (await readText(p.file, false))!;
  reportProblems(text, p.file, io);
  const entries = parseTokenFile(text, p.file).entries;
  const iso = (d: Date | null) => (d ? isoSeconds(d) : '-');
  if (p.json) {
    const rows = entries.map((e) => ({
      name: e.name,
      state: state(e, now),
      created: e.created && isoSeconds(e.created),
      expires: e.expires && isoSeconds(e.expires),
      revoked: e.revoked && isoSeconds(e.revoked),
      scopes: e.scopes,
    }));
    io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  const rows = [
    ['NAME', 'STATE', 'CREATED', 'EXPIRES', 'SCOPES'],
    ...entries.map((e) => [e.name, state(e, now), iso(e.created), iso(e.expires), e.scopes.join(' ') || '-']),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    io.stdout.write(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ') + '\n');
  return 0;
}

export async function runToken(argv: string[], io: TokenIo, now = new Date()): Promise<number> {
  const p = parseArgs(argv);
  try {
    if (p.action === 'add') return await add(p, io, now);
    if (p.action === 'revoke') return await revoke(p, io, now);
    return await list(p, io, now);
  } catch (e) {
    if (!(e instanceof TokenFailure)) throw e;
    io.stderr.write(`htserve token: ${e.message}\n`);
    return 1;
  }
}
