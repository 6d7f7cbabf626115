// What %{osenv:NAME} may read. Apache hands the whole server environment to every access-file
// author; htserve exposes only the names in `access.osenv_allow` (README, deliberate differences),
// read once when a configuration is loaded. Per process: in library mode several handlers share
// it, so a name allowed by any of them is readable by all.
const exposed = new Map<string, string>();

export function exposeOsEnv(names: readonly string[]): void {
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) exposed.set(name, value);
  }
}

/** The value of an allowed variable, else '' (as for an unset one). */
export function osEnv(name: string): string {
  return exposed.get(name) ?? '';
}
