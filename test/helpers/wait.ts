// Logs are written after the response has gone out and reach us through a pipe: poll for
// the expected line instead of reading once.
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves with the first match of `pattern` in `read()`, or with null after `timeoutMs`. */
export async function waitForMatch(
  read: () => string,
  pattern: RegExp,
  timeoutMs = 3000,
): Promise<RegExpExecArray | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(read());
    if (m || Date.now() >= deadline) return m;
    await sleep(20);
  }
}
