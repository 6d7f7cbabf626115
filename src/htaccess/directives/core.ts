// core directives allowed under any AllowOverride (OR_ALL) that matter little to a static
// server, and `Error`, which exists to make a configuration fail on purpose.

import { ignored } from './define.js';
import type { DirectiveSpec } from './spec.js';

export const coreDirectives: readonly DirectiveSpec[] = [
  {
    name: 'Error',
    module: 'core',
    override: 'any',
    args: 'raw',
    help: 'Generate error message from within configuration',
    support: 'supported',
    run(ctx, { raw }) {
      if (raw === '') ctx.fail('The Error directive was used with no message.');
      const quoted = (raw.startsWith('"') || raw.startsWith("'")) && raw.length > 1 && raw.endsWith(raw[0]!);
      ctx.fail(quoted ? raw.slice(1, -1) : raw);
    },
  },
  {
    name: 'FancyIndexing',
    module: 'mod_autoindex',
    override: 'any',
    args: 'raw',
    help: 'The FancyIndexing directive is no longer supported. Use IndexOptions FancyIndexing.',
    support: 'supported',
    run(ctx) {
      ctx.fail('The FancyIndexing directive is no longer supported. Use IndexOptions FancyIndexing.');
    },
  },
  ignored('LogIOTrackTTFB', 'mod_logio', 'any', 'flag', "Set to 'ON' to enable tracking time to first byte"),
  ignored(
    'ServerSignature',
    'core',
    'any',
    'take1',
    'En-/disable server signature (on|off|email)',
    (ctx, { words: [v] }) => {
      if (!['on', 'off', 'email'].includes(v!.toLowerCase())) ctx.fail('ServerSignature: use one of: off | on | email');
    },
  ),
  ignored('LimitRequestBody', 'core', 'any', 'take1', 'Limit (in bytes) on maximum size of request message body'),
  ignored(
    'LimitXMLRequestBody',
    'core',
    'any',
    'take1',
    'Limit (in bytes) on maximum size of an XML-based request body',
  ),
  ignored('RLimitCPU', 'core', 'any', 'take12', 'Soft/hard limits for max CPU usage in seconds'),
  ignored('RLimitMEM', 'core', 'any', 'take12', 'Soft/hard limits for max memory usage per process'),
  ignored('RLimitNPROC', 'core', 'any', 'take12', 'soft/hard limits for max number of processes per uid'),
];
