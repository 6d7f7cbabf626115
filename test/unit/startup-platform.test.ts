// htserve refuses to start on Windows (docs/security.md): its path checks (.ht*, symlinks, the URL
// mapping) know only '/' as a separator, and '\' would be a second one there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { loadConfig } from '../../src/config/load-config.js';
import { buildContext, StartupError } from '../../src/server/context.js';

test('buildContext refuses win32 with a StartupError that says so', async () => {
  const config = loadConfig({ configFile: null, overrides: [], cwd: os.tmpdir(), rootArg: os.tmpdir() });
  const real = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...real, value: 'win32' });
  try {
    await assert.rejects(buildContext(config), (e: unknown) => {
      assert.ok(e instanceof StartupError, String(e));
      assert.match(e.message, /does not run on Windows/);
      return true;
    });
  } finally {
    Object.defineProperty(process, 'platform', real);
  }
  assert.equal(process.platform, real.value, 'restored');
});
