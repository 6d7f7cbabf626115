// Started as root, htserve binds first and then becomes an unprivileged user, so that file
// permissions apply to every request exactly as they would to Apache's www-data.
import { readFileSync } from 'node:fs';

function lookup(file: string, name: string, idField: number): { id: number; gid?: number } | null {
  if (/^\d+$/.test(name)) return { id: Number(name) };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === name) return { id: Number(f[idField]), gid: Number(f[3]) };
  }
  return null;
}

export interface DropResult {
  dropped: boolean;
  message: string;
}

export function dropPrivileges(user: string, group: string): DropResult {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return { dropped: false, message: 'not started as root: running as the current user' };
  }
  const u = lookup('/etc/passwd', user, 2);
  if (!u) throw new Error(`server.user: no such user '${user}'`);
  // Apache refuses User root too: every request would run with every permission.
  if (u.id === 0) throw new Error(`server.user: '${user}' is root (uid 0); name an unprivileged user such as nobody`);
  let gid: number;
  if (group !== '') {
    const g = lookup('/etc/group', group, 2);
    if (!g) throw new Error(`server.group: no such group '${group}'`);
    gid = g.id;
  } else {
    gid = u.gid ?? u.id;
  }
  process.setgroups!([gid]);
  process.setgid!(gid);
  process.setuid!(u.id);
  if (process.getuid() === 0 || process.geteuid!() === 0)
    throw new Error('failed to drop root privileges (uid 0 after the switch)');
  return { dropped: true, message: `running as ${user} (uid ${u.id}, gid ${gid})` };
}
