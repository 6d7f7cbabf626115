// `htserve passwd`: create and edit htpasswd files, compatible with Apache's `htpasswd`.
//
//   htserve passwd [-c] [-B|-m|-s] [-C COST] [-i] FILE USER   add or update USER
//   htserve passwd -D FILE USER                              delete USER
//   htserve passwd -v [-i] FILE USER                         verify USER's password
//   htserve passwd -n [-B|-m|-s] [-C COST] [-i] USER         print `USER:HASH`, touch no file
//
// Flags may be grouped (`-cB`, `-BC 12`). Hashes: bcrypt (`$2y$`, default, cost 10), -m apr1 MD5,
// -s {SHA}. The password is prompted twice on the terminal without echo, or read from the first
// line of standard input with -i. Messages go to stderr, like htpasswd's.
//
// Exit codes (htpasswd's where one exists):
//   0 done (also -D of a user that is not there, like htpasswd) · 1 file cannot be read or
//   written, or does not exist without -c · 2 usage error · 3 password verification failed (-v)
//   or the two typed passwords differ · 4 interrupted / no input · 5 user name or password too
//   long (> 255 bytes) · 6 unusable user name, or user not found for -v · 7 the file is not an
//   htpasswd file (a line without a colon) · 9 anything else.
//
// Deliberate differences from htpasswd: -i uses the first line only; an empty stdin with -i is
// refused rather than setting an empty password; user names the server could never match
// (empty, leading/trailing spaces, leading `#`, control characters) are refused; -v checks the
// first entry of the user (the one the server uses); appending never glues the new line onto a
// last line that lacks a newline; -n prints the record without an extra blank line; the file is
// replaced atomically (temp file in the same directory + rename, mode and owner kept).

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  describeUnverifiable,
  hashPassword,
  isVerifiableFormat,
  verifyHash,
  type NewHashFormat,
} from '../authn/hash-formats.js';
import { deleteRecord, findInvalidLine, upsertRecord } from '../authn/htpasswd-edit.js';
import { parseHtpasswd } from '../authn/htpasswd-file.js';
import { decodeBytesWithEncoding, type TextEncodingName } from '../text/decode-bytes.js';
import { LineInput, LineInputError } from './line-input.js';

export interface PasswdIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether stdin is a terminal (then prompts do not echo, using raw mode when available). */
  isTTY: boolean;
}

export const EXIT = {
  ok: 0,
  file: 1,
  usage: 2,
  mismatch: 3,
  interrupted: 4,
  tooLong: 5,
  badUser: 6,
  invalidFile: 7,
  general: 9,
} as const;

const DEFAULT_COST = 10;
const MIN_COST = 4;
const MAX_COST = 17; // htpasswd's range
const MAX_FIELD_BYTES = 255;

const USAGE = `Usage:
  htserve passwd [-c] [-B|-m|-s] [-C cost] [-i] passwordfile username
  htserve passwd -D passwordfile username
  htserve passwd -v [-i] passwordfile username
  htserve passwd -n [-B|-m|-s] [-C cost] [-i] username
 -c  Create a new file (replacing an existing one).
 -n  Don't update a file; print the result on stdout.
 -i  Read the password from the first line of stdin, without confirmation.
 -B  bcrypt hash (default; $2y$, cost 10).
 -m  Apache MD5 hash ($apr1$).
 -s  SHA-1 hash ({SHA}, unsalted, insecure).
 -C  bcrypt cost, ${MIN_COST} to ${MAX_COST} (default ${DEFAULT_COST}).
 -D  Delete the user.
 -v  Verify the user's password.
`;

type Mode = 'set' | 'create' | 'print' | 'delete' | 'verify';

interface Options {
  mode: Mode;
  format: NewHashFormat;
  cost: number | null;
  fromStdin: boolean;
  file: string | null;
  user: string;
}

/** A failure with its exit code; its message goes to stderr. */
class PasswdFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

export async function runPasswd(argv: string[], io: PasswdIo): Promise<number> {
  const say = (text: string): void => {
    io.stderr.write(text + '\n');
  };
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    return await execute(parsed, io, say);
  } catch (err) {
    if (err instanceof PasswdFailure) {
      say(`htserve passwd: ${err.message}`);
      if (err.showUsage) io.stderr.write(USAGE);
      return err.exitCode;
    }
    say(`htserve passwd: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.general;
  }
}

// ---------------------------------------------------------------- arguments

function parseArgs(argv: string[]): Options | 'help' {
  const modes = new Set<Mode>();
  let format: NewHashFormat = 'bcrypt';
  let costText: string | null = null;
  let fromStdin = false;
  const positional: string[] = [];

  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg === '-h' || arg === '--help') return 'help';
    if (!arg.startsWith('-') || arg === '-') break;
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j];
      switch (flag) {
        case 'c':
          modes.add('create');
          break;
        case 'n':
          modes.add('print');
          break;
        case 'D':
          modes.add('delete');
          break;
        case 'v':
          modes.add('verify');
          break;
        case 'i':
          fromStdin = true;
          break;
        case 'B':
          format = 'bcrypt';
          break;
        case 'm':
          format = 'apr1';
          break;
        case 's':
          format = 'sha1';
          break;
        case 'C': {
          // The value is the rest of this group (`-C12`) or the next argument (`-C 12`).
          const rest = arg.slice(j + 1);
          if (rest !== '') costText = rest;
          else if (i + 1 < argv.length) costText = argv[++i]!;
          else throw new PasswdFailure(EXIT.usage, 'option -C needs an argument', true);
          j = arg.length;
          break;
        }
        default:
          throw new PasswdFailure(EXIT.usage, `unknown option -${flag}`, true);
      }
    }
  }
  positional.push(...argv.slice(i));

  if (modes.size > 1) throw new PasswdFailure(EXIT.usage, 'only one of -c -n -v -D may be specified', true);
  const mode: Mode = modes.values().next().value ?? 'set';

  const wanted = mode === 'print' ? 1 : 2;
  if (positional.length !== wanted) {
    throw new PasswdFailure(
      EXIT.usage,
      mode === 'print' ? 'expected: username' : 'expected: passwordfile username',
      true,
    );
  }

  let cost: number | null = null;
  if (costText !== null) {
    if (!/^[0-9]+$/.test(costText)) throw new PasswdFailure(EXIT.usage, 'argument to -C must be a positive integer');
    cost = Number(costText);
    if (format === 'bcrypt' && (cost < MIN_COST || cost > MAX_COST)) {
      throw new PasswdFailure(EXIT.usage, `bcrypt cost must be from ${MIN_COST} to ${MAX_COST}`);
    }
  }
  return {
    mode,
    format,
    cost,
    fromStdin,
    file: mode === 'print' ? null : positional[0]!,
    user: positional[positional.length - 1]!,
  };
}

/** Refuse names that cannot be stored, or that the server could never match. */
function checkUserName(user: string): void {
  if (user.includes(':')) throw new PasswdFailure(EXIT.badUser, "username contains illegal character ':'");
  if (user === '') throw new PasswdFailure(EXIT.badUser, 'username must not be empty');
  if (/[\x00-\x1f\x7f]/.test(user)) throw new PasswdFailure(EXIT.badUser, 'username contains a control character');
  if (user.startsWith(' ') || user.endsWith(' ')) {
    throw new PasswdFailure(EXIT.badUser, 'username must not start or end with whitespace (the server strips it)');
  }
  if (user.startsWith('#'))
    throw new PasswdFailure(EXIT.badUser, "username must not start with '#' (the line would be a comment)");
  if (Buffer.byteLength(user, 'utf8') > MAX_FIELD_BYTES) {
    throw new PasswdFailure(EXIT.tooLong, `username too long (> ${MAX_FIELD_BYTES} bytes)`);
  }
}

// ---------------------------------------------------------------- the commands

async function execute(options: Options, io: PasswdIo, say: (text: string) => void): Promise<number> {
  const { mode, user } = options;
  checkUserName(user);
  if (options.cost !== null && options.format !== 'bcrypt' && mode !== 'delete' && mode !== 'verify') {
    say('Warning: ignoring -C for this algorithm.');
  }

  if (mode === 'print') {
    const hash = await makeHash(options, await newPassword(options, io));
    io.stdout.write(`${user}:${hash}\n`);
    return EXIT.ok;
  }

  const file = options.file ?? '';
  if (mode === 'create') {
    const hash = await makeHash(options, await newPassword(options, io));
    await replaceFile(file, `${user}:${hash}\n`, 'utf8');
    say(`Adding password for user ${user}`);
    return EXIT.ok;
  }

  const existing = await readExisting(file);

  if (mode === 'verify') {
    const entry = parseHtpasswd(existing.text, file).entries.get(user);
    if (!entry) {
      say(`User ${user} not found`);
      return EXIT.badUser;
    }
    const password = await readPassword(options, io, ['Enter password: ']);
    if (!(await verifyHash(password, entry.hash))) {
      say('password verification failed');
      if (!isVerifiableFormat(entry.format)) say(`note: ${file}:${entry.line}: ${describeUnverifiable(entry.hash)}`);
      return EXIT.mismatch;
    }
    say(`Password for user ${user} correct.`);
    return EXIT.ok;
  }

  if (mode === 'delete') {
    const { text, deleted } = deleteRecord(existing.text, user);
    if (deleted === 0) {
      say(`User ${user} not found`);
      return EXIT.ok;
    }
    await replaceFile(file, text, existing.encoding);
    say(`Deleting password for user ${user}`);
    return EXIT.ok;
  }

  const hash = await makeHash(options, await newPassword(options, io));
  const { text, action } = upsertRecord(existing.text, user, `${user}:${hash}`);
  await replaceFile(file, text, existing.encoding);
  say(`${action === 'added' ? 'Adding' : 'Updating'} password for user ${user}`);
  return EXIT.ok;
}

async function makeHash(options: Options, password: string): Promise<string> {
  return hashPassword(password, options.format, { cost: options.cost ?? DEFAULT_COST });
}

function newPassword(options: Options, io: PasswdIo): Promise<string> {
  return readPassword(options, io, ['New password: ', 'Re-type new password: ']);
}

// ---------------------------------------------------------------- the file

async function readExisting(file: string): Promise<{ text: string; encoding: TextEncodingName }> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PasswdFailure(EXIT.file, `cannot modify file ${file}; use '-c' to create it`);
    throw new PasswdFailure(EXIT.file, `cannot open file ${file} for reading: ${code ?? String(err)}`);
  }
  const decoded = decodeBytesWithEncoding(bytes);
  const invalid = findInvalidLine(decoded.text);
  if (invalid !== null) {
    throw new PasswdFailure(
      EXIT.invalidFile,
      `the file ${file} does not appear to be a valid htpasswd file (line ${invalid} has no ':')`,
    );
  }
  return decoded;
}

/**
 * Replace `file` atomically: write a temp file in the same directory, then rename it over the
 * original (a symlink is followed, so the link stays a link). The original's mode (and owner,
 * when we may set it) is kept; a new file gets 0644 minus the umask, like htpasswd's.
 */
async function replaceFile(file: string, text: string, encoding: TextEncodingName): Promise<void> {
  // A non-UTF-8 file holds ASCII plus escaped bytes (src/text/decode-bytes.ts); new non-ASCII text can't go in.
  if (encoding === 'latin1' && /[^\x00-\x7f\udc80-\udcff]/.test(text)) {
    throw new PasswdFailure(EXIT.general, `${file} is not UTF-8; cannot store non-ASCII characters in it`);
  }
  let target = resolve(file);
  let original: { mode: number; uid: number; gid: number } | null = null;
  try {
    target = await fs.realpath(file);
    const stats = await fs.stat(target);
    original = { mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new PasswdFailure(
        EXIT.file,
        `cannot access ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
    }
  }

  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(temp, 'wx', original?.mode ?? 0o644);
    await handle.writeFile(Buffer.from(text, encoding));
    if (original) {
      await handle.chmod(original.mode);
      await handle.chown(original.uid, original.gid).catch(() => undefined); // only root may give files away
    }
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new PasswdFailure(EXIT.file, `cannot write ${file}: ${code}`);
  }
}

// ---------------------------------------------------------------- passwords

/**
 * One password per prompt; all answers must be equal. With -i: the first line of stdin (a
 * trailing CR is dropped), no prompt, no confirmation.
 */
async function readPassword(options: Options, io: PasswdIo, prompts: string[]): Promise<string> {
  const input = new LineInput(io.stdin, io.isTTY && !options.fromStdin);
  try {
    const answers: string[] = [];
    for (const prompt of options.fromStdin ? [null] : prompts) {
      // Prompts only make sense on a terminal; piped input is read silently.
      const interactive = prompt !== null && io.isTTY;
      if (interactive) io.stderr.write(prompt);
      const answer = await input.readLine().catch((e: unknown) => {
        if (e instanceof LineInputError)
          throw new PasswdFailure(e.kind === 'interrupted' ? EXIT.interrupted : EXIT.tooLong, e.message);
        throw e;
      });
      if (interactive) io.stderr.write('\n'); // the Enter key was not echoed
      if (answer === null) throw new PasswdFailure(EXIT.interrupted, 'interrupted: no password given');
      answers.push(answer);
    }
    const password = answers[0]!;
    if (answers.some((answer) => answer !== password)) {
      throw new PasswdFailure(EXIT.mismatch, 'password verification error');
    }
    if (Buffer.byteLength(password, 'utf8') > MAX_FIELD_BYTES) {
      throw new PasswdFailure(EXIT.tooLong, `password too long (> ${MAX_FIELD_BYTES} bytes)`);
    }
    return password;
  } finally {
    input.close();
  }
}
