// mod_maxminddb (MaxMind's Apache module): every directive is OR_ALL in its command_rec, so an
// access file may use it under any AllowOverride but None. The lines only record what to look
// up; the databases are opened on first use by src/geoip/ (an unreadable one is a 500 with this
// file:line, as Apache fails the access file when MMDB_open fails).
import { parseLookupPath, type MaxMindSettings } from '../../geoip/settings.js';
import { ignored } from './define.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

type Draft = {
  -readonly [K in keyof MaxMindSettings]: MaxMindSettings[K] extends ReadonlyMap<infer A, infer B>
    ? Map<A, B>
    : MaxMindSettings[K];
};

function settings(ctx: DirectiveContext): Draft {
  return (ctx.fragment.fragment.maxmind ??= {
    databases: new Map(),
    lookups: new Map(),
    networkEnv: new Map(),
  }) as Draft;
}

const MODULE = 'mod_maxminddb';

export const maxminddbDirectives: readonly DirectiveSpec[] = [
  {
    name: 'MaxMindDBEnable',
    module: MODULE,
    override: 'any',
    args: 'flag',
    help: 'Turn on mod_maxminddb',
    support: 'supported',
    run(ctx, { flag, loc }) {
      settings(ctx).enabled = { value: flag, loc };
    },
  },
  {
    name: 'MaxMindDBFile',
    module: MODULE,
    override: 'any',
    args: 'take2',
    help: 'Path to the Database File',
    support: 'supported',
    run(ctx, { words: [name, file], loc }) {
      settings(ctx).databases.set(name!, { value: file!, loc });
    },
  },
  {
    name: 'MaxMindDBEnv',
    module: MODULE,
    override: 'any',
    args: 'take2',
    help: 'Set desired env var',
    support: 'supported',
    run(ctx, { words: [variable, path] }) {
      const parsed = parseLookupPath(path!);
      if (!parsed) return; // the module ignores a path with no database name
      const s = settings(ctx);
      let vars = s.lookups.get(parsed.database) as Map<string, readonly string[]> | undefined;
      if (!vars) s.lookups.set(parsed.database, (vars = new Map()));
      vars.set(variable!, parsed.path);
    },
  },
  {
    name: 'MaxMindDBNetworkEnv',
    module: MODULE,
    override: 'any',
    args: 'take2',
    help: 'Set desired env var for network',
    support: 'supported',
    run(ctx, { words: [database, variable] }) {
      settings(ctx).networkEnv.set(database!, variable!);
    },
  },
  // Notes are a second copy of the same values for other modules; htserve keeps only the variables.
  ignored('MaxMindDBSetNotes', MODULE, 'any', 'flag', 'Set Notes alongside env vars'),
];
