#!/usr/bin/env node
// htserve's command line: serve (default) | check | lint | passwd | token.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ConfigLoadError, loadConfig, type ConfigSources } from './config/load-config.js';
import { parseServeArgs, UsageError } from './cli/serve-args.js';
import { helpText } from './cli/help.js';
import { buildContext, StartupError } from './server/context.js';
import { createLogger, sanitizeForLog, type Logger } from './server/logs.js';
import { plainHttpRealmWarning } from './server/plain-http-warning.js';
import { startServer } from './server/http-server.js';
import { createAttemptLimits, primaryTableSettings } from './authn/attempt-store.js';
import { loadForReload, onReloadSignal } from './server/reload-signal.js';
import { dropPrivileges } from './server/privileges.js';
import { isWorker, leaveCluster, reportListening, runPrimary, workerCount } from './server/cluster.js';

function version(): string {
  const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

async function serve(argv: string[]): Promise<number> {
  const args = parseServeArgs(argv);
  if (args.help) {
    process.stdout.write(helpText());
    return 0;
  }
  if (args.version) {
    process.stdout.write(`htserve ${version()}\n`);
    return 0;
  }
  const sources: ConfigSources = {
    configFile: args.configFile,
    overrides: args.overrides,
    cwd: process.cwd(),
    ...(args.root !== undefined ? { rootArg: args.root } : {}),
  };
  const config = loadConfig(sources);
  let log: Logger;
  try {
    log = createLogger(config.log);
  } catch (e) {
    throw new StartupError((e as Error).message);
  }
  const workers = workerCount(config.server.workers);
  const primary = workers > 1 && !isWorker();
  // the cluster primary only checks the configuration: the table it keeps is made by runPrimary
  const attempts = primary ? undefined : createAttemptLimits(config, { clusterWorker: isWorker(), log });
  const ctx = await buildContext(config, attempts ? { attempts } : {});
  const scan = ctx.accessFiles.authFiles.scanned;
  if (scan?.truncated)
    log.warn(
      'HT031',
      `password files: the start-up scan stopped after ${scan.dirs} directories; files named only ` +
        'by access files below them are refused once those access files are read',
    );
  const plain = plainHttpRealmWarning(config, scan);
  if (plain !== null && !isWorker()) log.warn('HT060', sanitizeForLog(plain));
  // The primary has validated the configuration and the document root; workers serve.
  if (primary)
    return runPrimary(workers, log, {
      reloadAccepted: () => loadForReload(sources, config, log) !== null,
      attempts: primaryTableSettings(config),
    });
  const running = await startServer(config, ctx, log);
  try {
    const drop = dropPrivileges(config.server.user, config.server.group);
    log.info('HT001', drop.message);
  } catch (e) {
    await running.close();
    throw new StartupError((e as Error).message);
  }
  if (isWorker()) reportListening(running.url);
  else process.stdout.write(`htserve listening on ${running.url}\n`);
  log.info('HT002', `serving ${config.server.root} on ${running.url}`);
  if (running.redirectUrl !== null) log.info('HT061', `${running.redirectUrl} redirects every request to https://`);
  process.on('SIGHUP', onReloadSignal({ sources, config, ctx, running, log }));
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log.info('HT003', `${signal}: shutting down`);
      void running
        .close()
        .then(() => attempts?.close?.())
        .then(() => log.close())
        .then(() => leaveCluster())
        .then(() => resolve(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'passwd': {
        const { runPasswd } = await import('./cli/passwd.js');
        return await runPasswd(rest, {
          stdin: process.stdin,
          stdout: process.stdout,
          stderr: process.stderr,
          isTTY: Boolean(process.stdin.isTTY),
        });
      }
      case 'token': {
        const { runToken } = await import('./cli/token.js');
        return await runToken(rest, { stdout: process.stdout, stderr: process.stderr });
      }
      case 'check': {
        const { runCheck } = await import('./cli/check.js');
        return await runCheck(rest);
      }
      case 'lint': {
        const { runLint } = await import('./cli/lint.js');
        return await runLint(rest);
      }
      default:
        return await serve(argv);
    }
  } catch (e) {
    if (e instanceof ConfigLoadError || e instanceof UsageError || e instanceof StartupError) {
      process.stderr.write(`htserve: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`htserve: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
