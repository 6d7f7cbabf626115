// Two logs: the access log in Combined Log Format (never the Authorization header) and the
// error log with stable message codes (`[level] [CODE] message`). Passwords never reach either.
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import type { LogLevel } from '../config/server-config.js';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  error(code: string, message: string): void;
  warn(code: string, message: string): void;
  info(code: string, message: string): void;
  debug(code: string, message: string): void;
  enabled(level: LogLevel): boolean;
  /** false when the access log is off (`log.access` empty): callers need not build lines. */
  readonly accessEnabled: boolean;
  access(line: string): void;
  close(): Promise<void>;
}

function open(target: string, std: NodeJS.WritableStream): NodeJS.WritableStream | null {
  if (target === '') return null;
  if (target === '-') return std;
  // Opened now, synchronously, while still root (before the privilege drop): a log directory the
  // server user cannot write still works, and a bad path fails the start-up, not a later write.
  let fd: number;
  try {
    fd = openSync(target, 'a');
  } catch (e) {
    throw new Error(`log file ${target}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return createWriteStream('', { fd });
}

/** Control characters from clients never reach a log line raw (log injection). */
export function sanitizeForLog(s: string): string {
  return s.replace(/[\x00-\x1f\x7f"\\]/g, (c) =>
    c === '"' ? '\\"' : c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

// C0 and C1 controls, DEL and the Unicode line and paragraph separators: whatever a terminal,
// a log viewer or a line-based parser could take for the end of a line or an escape sequence.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
const UNSAFE_ALL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;

/**
 * One event, one line: applied to every message at the write boundary, so no call site can
 * forget a URL segment, user name, header value or file name (fields escaped earlier with
 * sanitizeForLog have nothing left for it to do). `\n` becomes `\x0a`, U+2028 `\u2028`.
 */
export function escapeLogLine(s: string): string {
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE_ALL, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

export function createLogger(opts: { access: string; error: string; level: LogLevel }): Logger {
  const errStream = open(opts.error, process.stderr);
  const accessStream = open(opts.access, process.stdout);
  const min = LEVELS[opts.level];
  const write = (level: LogLevel, code: string, message: string) => {
    if (LEVELS[level] < min || !errStream) return;
    errStream.write(`[${new Date().toISOString()}] [${level}] [${escapeLogLine(code)}] ${escapeLogLine(message)}\n`);
  };
  return {
    error: (c, m) => write('error', c, m),
    warn: (c, m) => write('warn', c, m),
    info: (c, m) => write('info', c, m),
    debug: (c, m) => write('debug', c, m),
    enabled: (level) => LEVELS[level] >= min,
    accessEnabled: accessStream !== null,
    access: (line) => {
      accessStream?.write(escapeLogLine(line) + '\n');
    },
    close: async () => {
      for (const s of [errStream, accessStream]) {
        if (s && s !== process.stderr && s !== process.stdout)
          await new Promise<void>((r) => (s as WriteStream).end(r));
      }
    },
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `[10/Oct/2000:13:55:36 +0000]` */
export function clfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}`;
  return `[${day}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
}

export interface AccessEntry {
  clientIp: string;
  user: string | null;
  time: Date;
  method: string;
  target: string;
  httpVersion: string;
  status: number;
  bytes: number | null;
  referer: string | undefined;
  userAgent: string | undefined;
}

export function combinedLogLine(e: AccessEntry): string {
  const user = e.user === null ? '-' : sanitizeForLog(e.user) || '-';
  const request = sanitizeForLog(`${e.method} ${e.target} HTTP/${e.httpVersion}`);
  return (
    `${e.clientIp || '-'} - ${user} ${clfDate(e.time)} "${request}" ${e.status} ${e.bytes ?? '-'} ` +
    `"${sanitizeForLog(e.referer ?? '-')}" "${sanitizeForLog(e.userAgent ?? '-')}"`
  );
}
