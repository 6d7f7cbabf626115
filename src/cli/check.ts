// `htserve check URL... [ROOT | --root DIR] [options]`: runs the very same pipeline as the server (no socket)
// and explains the answer. `--cases FILE` checks many `URL [options] => STATUS` lines.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decide, type PipelineContext } from '../pipeline.js';
import { loadConfig } from '../config/load-config.js';
import { buildContext } from '../server/context.js';
import { dropPrivileges } from '../server/privileges.js';
import { parseCheckArgs, type CheckArgs } from './check-args.js';
import { formatText, responseHead, toJson, type CheckedRequest } from './check-format.js';
import { readSecret } from './line-input.js';
import { requestInfo } from './request-info.js';
import { UsageError } from './serve-args.js';
import { splitWords } from './words.js';

export interface CheckIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const defaultIo: CheckIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

interface Case {
  line: number;
  args: CheckArgs;
  expected: number;
}

function parseCases(file: string): Case[] {
  const cases: Case[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, i) => {
      const t = text.trim();
      if (t === '' || t.startsWith('#')) return;
      const m = /^(.*)=>\s*(\d{3})\s*$/.exec(t);
      if (!m) throw new UsageError(`${file}:${i + 1}: expected 'URL [options] => STATUS'`);
      let args: CheckArgs;
      try {
        args = parseCheckArgs(splitWords(m[1]!), { caseLine: true });
      } catch (e) {
        throw new UsageError(`${file}:${i + 1}: ${(e as Error).message}`);
      }
      if (args.urls.length !== 1) throw new UsageError(`${file}:${i + 1}: expected exactly one URL`);
      if (args.user !== null && args.password === null)
        throw new UsageError(`${file}:${i + 1}: --user needs NAME:PASSWORD in a cases file`);
      cases.push({ line: i + 1, args, expected: Number(m[2]) });
    });
  return cases;
}

async function runCases(
  file: string,
  cases: Case[],
  ctx: PipelineContext,
  io: CheckIo,
  json: boolean,
): Promise<number> {
  let failed = 0;
  const results: unknown[] = [];
  for (const c of cases) {
    const url = c.args.urls[0]!;
    const d = await decide(requestInfo(c.args, url), ctx);
    const status = responseHead(d).status;
    const ok = status === c.expected;
    if (!ok) failed++;
    if (json) {
      results.push({ line: c.line, url, expected: c.expected, status, ok, why: d.why });
    } else {
      io.stdout.write(
        ok
          ? `ok   ${file}:${c.line}: ${c.args.method} ${url} => ${status}\n`
          : `FAIL ${file}:${c.line}: ${c.args.method} ${url}: expected ${c.expected}, got ${status}\n     why: ${d.why}\n`,
      );
    }
  }
  if (json) io.stdout.write(JSON.stringify({ file, passed: cases.length - failed, failed, results }, null, 2) + '\n');
  else io.stdout.write(`${cases.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

export const CHECK_USAGE =
  'usage: htserve check URL... [ROOT] [--root DIR] [--config FILE] [--user NAME[:PASSWORD] | --bearer TOKEN] [--ip ADDR] ' +
  '[--method M] [--header "K: V"] [--json]\n' +
  '       htserve check --cases FILE [ROOT] [--root DIR] [--config FILE] [--json]';

export async function runCheck(argv: string[], io: CheckIo = defaultIo): Promise<number> {
  // The site as configured without a ROOT word: an absolute directory under it is a URL.
  const configuredRoot = (a: CheckArgs) =>
    loadConfig({ configFile: a.configFile, overrides: a.overrides, cwd: process.cwd() }).server.root;
  const args = parseCheckArgs(argv, { configuredRoot });
  if (args.urls.length === 0 && !args.casesFile) {
    const taken =
      args.rootFrom === 'word' && args.root !== undefined && path.isAbsolute(args.root)
        ? `\n'${args.root}' was taken as the ROOT (an existing directory, not a path under the configured ` +
          `root); to check it as a URL, name the site with --root DIR`
        : '';
    throw new UsageError(`no URL to check${taken}\n${CHECK_USAGE}`);
  }
  const config = loadConfig({
    configFile: args.configFile,
    overrides: args.overrides,
    cwd: process.cwd(),
    ...(args.root !== undefined ? { rootArg: args.root } : {}),
  });
  const ctx = await buildContext(config);
  const cases = args.casesFile ? parseCases(args.casesFile) : [];
  // Answer as the server would: with its user's file permissions, not root's.
  dropPrivileges(config.server.user, config.server.group);
  if (args.casesFile) return runCases(args.casesFile, cases, ctx, io, args.json);

  if (args.user !== null && args.password === null) {
    args.password = (await readSecret(`Password for ${args.user}: `, io.stdin, io.stderr)) ?? '';
  }
  let worst = 0;
  const out: unknown[] = [];
  for (const url of args.urls) {
    const d = await decide(requestInfo(args, url), ctx);
    const req: CheckedRequest = {
      method: args.method,
      url,
      user: args.user,
      ip: args.ip,
      ...(args.bearer !== null ? { bearer: true } : {}),
    };
    if (args.json) out.push(toJson(req, d));
    else io.stdout.write(formatText(req, d) + (args.urls.length > 1 ? '\n' : ''));
    if (responseHead(d).status >= 400) worst = 1;
  }
  if (args.json) io.stdout.write(JSON.stringify(out.length === 1 ? out[0] : out, null, 2) + '\n');
  return worst;
}
