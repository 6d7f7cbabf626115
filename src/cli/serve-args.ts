// Command-line arguments of `htserve [ROOT | --root DIR] [options]` (the serve command).
export interface ServeArgs {
  root?: string;
  configFile: string | null;
  overrides: string[];
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const out: ServeArgs = { configFile: null, overrides: [], help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (name) {
      case '-h':
      case '--help':
        out.help = true;
        break;
      case '-V':
      case '--version':
        out.version = true;
        break;
      case '--root': {
        const v = value();
        if (out.root !== undefined) throw new UsageError(`only one ROOT may be given (got ${out.root} and ${v})`);
        out.root = v;
        break;
      }
      case '-c':
      case '--config':
        out.configFile = value();
        break;
      case '-p':
      case '--port':
        out.overrides.push(`server.port=${value()}`);
        break;
      case '--host':
        out.overrides.push(`server.host=${value()}`);
        break;
      case '--set': {
        // `--set a.b=c`: the value itself contains '=' so read the next word whole
        const v = a === '--set' ? argv[++i] : a.slice('--set='.length);
        if (v === undefined) throw new UsageError('--set needs SECTION.KEY=VALUE');
        out.overrides.push(v);
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (out.root !== undefined) throw new UsageError(`only one ROOT may be given (got ${out.root} and ${a})`);
        out.root = a;
    }
  }
  return out;
}
