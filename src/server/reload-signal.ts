// The SIGHUP handler of a serving process: re-read server.ini, build a new context, swap it in for
// new requests, and close the old one once its last request has finished. One reload at a time; a
// SIGHUP during one runs once more after it.
import { loadConfig, type ConfigSources } from '../config/load-config.js';
import type { ServerConfig } from '../config/server-config.js';
import type { PipelineContext } from '../request.js';
import { buildContext, closeContext } from './context.js';
import type { RunningServer } from './http-server.js';
import type { Logger } from './logs.js';
import { planReload } from './reload.js';
import { isWorker } from './cluster.js';

export interface ReloadState {
  sources: ConfigSources;
  config: ServerConfig;
  ctx: PipelineContext;
  running: RunningServer;
  log: Logger;
}

/**
 * Loads and checks the file again; null (and the reason in the error log) when it is refused.
 * `reportKept`: name the settings that need a restart (the cluster primary does, for all workers).
 */
export function loadForReload(
  sources: ConfigSources,
  running: ServerConfig,
  log: Logger,
  reportKept = true,
): ServerConfig | null {
  let next: ServerConfig;
  try {
    next = loadConfig(sources);
  } catch (e) {
    log.error('HT006', `reload refused, the running configuration keeps serving: ${(e as Error).message}`);
    return null;
  }
  const plan = planReload(running, next);
  if (reportKept)
    for (const change of plan.needRestart) log.warn('HT007', `reload: ${change} needs a restart; kept as it runs`);
  return plan.config;
}

export function onReloadSignal(state: ReloadState): () => void {
  let busy = false;
  let again = false;
  const reload = async (): Promise<void> => {
    const config = loadForReload(state.sources, state.config, state.log, !isWorker());
    if (config === null) return;
    let ctx: PipelineContext;
    try {
      // the running attempt limits go on: counts and lockouts survive a reload
      ctx = await buildContext(config, state.ctx.authn.attempts ? { attempts: state.ctx.authn.attempts } : {});
    } catch (e) {
      state.log.error('HT006', `reload refused, the running configuration keeps serving: ${(e as Error).message}`);
      return;
    }
    try {
      // new connections get the certificate and key as the files are now (renewed in place, or moved)
      await state.running.reloadTls(config.tls);
    } catch (e) {
      await closeContext(ctx);
      state.log.error('HT006', `reload refused, the running configuration keeps serving: ${(e as Error).message}`);
      return;
    }
    const old = state.ctx;
    Object.assign(state, { config, ctx });
    state.log.info('HT008', `reloaded ${state.sources.configFile ?? 'the configuration'}: new requests use it`);
    await state.running.swap(ctx);
    await closeContext(old);
  };
  const run = (): void => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    void reload()
      .catch((e: unknown) => state.log.error('HT006', `reload failed: ${(e as Error).stack ?? String(e)}`))
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}
