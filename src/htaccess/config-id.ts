// A small number naming one configuration object, for cache keys: configurations are shared by
// every request with the same rules (see mergeAccessFile), so identity stands for "same rules".
import type { EffectiveConfig } from './effective-config.js';

const ids = new WeakMap<EffectiveConfig, number>();
let next = 1;

export function configId(cfg: EffectiveConfig): number {
  let id = ids.get(cfg);
  if (id === undefined) ids.set(cfg, (id = next++));
  return id;
}
