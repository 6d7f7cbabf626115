// Which attempt-limit table a serving process uses: its own, the cluster primary's, or Redis.
import type { ServerConfig } from '../config/server-config.js';
import type { AttemptLimits, AttemptLimitSettings } from './attempt-limits.js';
import { MemoryAttemptLimits } from './attempt-limits.js';
import { ClusterAttemptLimits } from './attempt-cluster-worker.js';
import { RedisAttemptLimits, type StoreLog } from './attempt-redis.js';

export function attemptSettings(config: ServerConfig): AttemptLimitSettings {
  const auth = config.auth;
  return {
    maxFailures: auth.maxFailures,
    failureWindowS: auth.failureWindowS,
    lockoutS: auth.lockoutS,
    maxTracked: auth.maxTrackedClients,
  };
}

/** The table the cluster primary keeps for its workers, or null when they do not ask it. */
export function primaryTableSettings(config: ServerConfig): AttemptLimitSettings | null {
  return config.auth.maxFailures > 0 && config.auth.store === '' ? attemptSettings(config) : null;
}

/** undefined when attempt limits are off (`auth.max_failures = 0`). */
export function createAttemptLimits(
  config: ServerConfig,
  opts: { clusterWorker: boolean; log: StoreLog },
): AttemptLimits | undefined {
  if (config.auth.maxFailures === 0) return undefined;
  const settings = attemptSettings(config);
  // with Redis every process (each worker too) is an instance of its own
  if (config.auth.store !== '') return new RedisAttemptLimits(settings, config.auth.store, opts.log);
  if (opts.clusterWorker) return new ClusterAttemptLimits(settings);
  return new MemoryAttemptLimits(settings);
}
