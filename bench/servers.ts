// The servers under test: htserve and every peer installed here, each configured like the
// others (loopback port, no access log, the same document root, listing only for /list/ and /list10k/, the
// bcrypt realm on /protected/ where the server has Basic auth) and started in the foreground
// as a child of the benchmark so it can be measured (RSS) and stopped by PID.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fixture } from './fixture.js';
import type { Feature } from './scenarios.js';
import { freePort, launch, run, stop, waitForOutput, waitForPort, type Started } from './procs.js';

export interface StartEnv {
  fixture: Fixture;
  repoRoot: string;
  /** `--workers N` of the bench: passed to htserve as server.workers. */
  workers: number | null;
  startTimeoutMs: number;
}

export interface RunningServer {
  id: string;
  label: string;
  port: number;
  proc: Started;
  /** What differs from the plain start (keys dropped, features that turned out not to work). */
  notes: string[];
  stop(): Promise<void>;
}

export type Detected = { ok: true; version: string | undefined } | { ok: false; reason: string };

export interface ServerDef {
  id: string;
  name: string;
  features: readonly Feature[];
  detect(repoRoot: string): Promise<Detected>;
  start(env: StartEnv, version: string): Promise<RunningServer>;
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** An executable on PATH or in the usual sbin dirs (PATH of a non-root shell lacks them). */
function findBin(...names: string[]): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const name of names) {
    for (const d of dirs) {
      if (d !== '' && existsSync(join(d, name))) return join(d, name);
    }
  }
  return null;
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** The unprivileged user a server started as root switches to (www-data, as on Debian). */
function runAs(): { user: string; group: string } | null {
  if (!isRoot()) return null;
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8') : '';
  const groups = existsSync('/etc/group') ? readFileSync('/etc/group', 'utf8') : '';
  if (/^www-data:/m.test(passwd)) return { user: 'www-data', group: 'www-data' };
  return { user: 'nobody', group: /^nogroup:/m.test(groups) ? 'nogroup' : 'nobody' };
}

function stateDir(env: StartEnv, id: string): string {
  const d = join(env.fixture.stateDir, id);
  mkdirSync(d, { recursive: true, mode: 0o755 });
  return d;
}

function running(id: string, label: string, port: number, proc: Started, sig: NodeJS.Signals = 'SIGTERM') {
  return { id, label, port, proc, notes: [] as string[], stop: () => stop(proc, sig) };
}

async function startOrExplain(proc: Started, ready: () => Promise<unknown>): Promise<void> {
  try {
    await ready();
  } catch (e) {
    await stop(proc, 'SIGKILL', 500);
    const tail = proc.output().trim().split('\n').slice(-15).join('\n');
    throw new Error(`${(e as Error).message}${tail ? `\n${tail}` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------
// htserve

const READY = /htserve listening on http:\/\/127\.0\.0\.1:(\d+)/;

async function startHtserveOnce(env: StartEnv, extra: string[]): Promise<{ port: number; proc: Started }> {
  const entry = join(env.repoRoot, 'dist', 'src', 'main.js');
  const set = (kv: string): string[] => ['--set', kv];
  const args = [
    entry,
    env.fixture.docroot,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    ...set('log.access='),
    ...set('log.level=warn'),
    ...set('access.allow_override=All'),
    // like Apache's <Directory> below: no listing unless an access file says Options +Indexes
    ...set('access.options=FollowSymLinks'),
    ...(existsSync('/etc/mime.types') ? set('mime.types_file=/etc/mime.types') : []),
    ...(env.workers !== null ? set(`server.workers=${env.workers}`) : []),
    ...extra,
  ];
  const proc = launch('htserve', process.execPath, args, { cwd: env.repoRoot });
  let port = 0;
  await startOrExplain(proc, async () => {
    port = Number((await waitForOutput(proc, READY, env.startTimeoutMs))[1]);
  });
  return { port, proc };
}

const htserve: ServerDef = {
  id: 'htserve',
  name: 'htserve',
  features: ['listing', 'listing-json', 'auth'],
  detect(repoRoot) {
    const entry = join(repoRoot, 'dist', 'src', 'main.js');
    if (!existsSync(entry)) return Promise.resolve({ ok: false, reason: `${entry} missing (npm run build)` });
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    return Promise.resolve({ ok: true, version: pkg.version });
  },
  async start(env, version) {
    const label = `htserve ${version}${env.workers !== null ? ` (${env.workers} workers)` : ''}`;
    // The flood measures bcrypt under load: switch a failure lockout off if this build has one.
    try {
      const { port, proc } = await startHtserveOnce(env, ['--set', 'auth.max_failures=0']);
      const r = running('htserve', label, port, proc);
      r.notes.push('started with auth.max_failures=0');
      return r;
    } catch (e) {
      const first = (e as Error).message.split('\n').find((l) => /max_failures|unknown/i.test(l));
      const { port, proc } = await startHtserveOnce(env, []);
      const r = running('htserve', label, port, proc);
      r.notes.push(`auth.max_failures not accepted${first ? ` (${first.trim()})` : ''}: started without it`);
      return r;
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Apache httpd 2.4 (Debian's apache2)

const APACHE_MODULE_DIRS = [
  '/usr/lib/apache2/modules',
  '/usr/lib64/httpd/modules',
  '/usr/lib/httpd/modules',
  '/usr/libexec/apache2',
];
const APACHE_MODULES = [
  'mpm_event',
  'authz_core',
  'authz_user',
  'authn_core',
  'authn_file',
  'auth_basic',
  'dir',
  'autoindex',
  'mime',
  'headers',
];

function apacheModuleDir(): string | null {
  return APACHE_MODULE_DIRS.find((d) => existsSync(join(d, 'mod_mpm_event.so'))) ?? null;
}

export function apacheConfig(o: { state: string; docroot: string; port: number; modules: string }): string {
  const who = runAs();
  const load = APACHE_MODULES.map((m) => `LoadModule ${m}_module ${o.modules}/mod_${m}.so`).join('\n');
  return `# generated by bench/servers.ts
ServerRoot "${o.state}"
PidFile "${o.state}/httpd.pid"
DefaultRuntimeDir "${o.state}"
Mutex file:${o.state} default
Listen 127.0.0.1:${o.port}
ServerName 127.0.0.1
${who ? `User ${who.user}\nGroup ${who.group}` : ''}
${load}

# Debian's mpm_event.conf
StartServers 2
MinSpareThreads 25
MaxSpareThreads 75
ThreadLimit 64
ThreadsPerChild 25
MaxRequestWorkers 150
MaxConnectionsPerChild 0

KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 5
EnableSendfile On
ErrorLog "${o.state}/error.log"
LogLevel warn
# no CustomLog: no access log
${existsSync('/etc/mime.types') ? 'TypesConfig /etc/mime.types' : ''}
ServerSignature Off
DocumentRoot "${o.docroot}"

<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "${o.docroot}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
<Files ".ht*">
    Require all denied
</Files>
DirectoryIndex index.html
`;
}

const apache: ServerDef = {
  id: 'apache',
  name: 'Apache',
  features: ['listing', 'auth'],
  async detect() {
    const bin = findBin('apache2', 'httpd');
    if (!bin) return { ok: false, reason: 'apache2 not installed' };
    if (!apacheModuleDir()) return { ok: false, reason: 'no mod_mpm_event.so found' };
    const v = await run(bin, ['-v']);
    const m = /Apache\/([\d.]+)/.exec(v.out);
    return m ? { ok: true, version: m[1] } : { ok: false, reason: `${bin} -v: ${v.out.trim()}` };
  },
  async start(env, version) {
    const bin = findBin('apache2', 'httpd')!;
    const state = stateDir(env, 'apache');
    const port = await freePort();
    const conf = join(state, 'httpd.conf');
    writeFileSync(conf, apacheConfig({ state, docroot: env.fixture.docroot, port, modules: apacheModuleDir()! }));
    const proc = launch('apache', bin, ['-f', conf, '-DFOREGROUND'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
    });
    await startOrExplain(proc, () => waitForPort(port, proc, env.startTimeoutMs));
    return running('apache', `Apache ${version}`, port, proc, 'SIGTERM');
  },
};

// ---------------------------------------------------------------------------------------------
// nginx

export function nginxConfig(o: { state: string; docroot: string; port: number; htpasswd: string; realm: string }) {
  const who = runAs();
  const mime = existsSync('/etc/nginx/mime.types')
    ? 'include /etc/nginx/mime.types;'
    : 'types { text/html html; text/plain txt; }';
  return `# generated by bench/servers.ts
daemon off;
master_process on;
worker_processes auto;
pid ${o.state}/nginx.pid;
error_log ${o.state}/error.log warn;
${who ? `user ${who.user} ${who.group};` : ''}
events {
    worker_connections 1024;
}
http {
    ${mime}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path ${o.state}/tmp/body;
    proxy_temp_path ${o.state}/tmp/proxy;
    fastcgi_temp_path ${o.state}/tmp/fastcgi;
    uwsgi_temp_path ${o.state}/tmp/uwsgi;
    scgi_temp_path ${o.state}/tmp/scgi;
    server {
        listen 127.0.0.1:${o.port};
        server_name 127.0.0.1;
        root ${o.docroot};
        index index.html;
        location /a/ {
            charset utf-8;
            add_header X-Level 3;
        }
        location /list/ {
            autoindex on;
        }
        # nginx chooses no format by Accept: a JSON client is sent (internally) to a twin
        # location with autoindex_format json, so both variants share one URL as on htserve
        location /list10k/ {
            autoindex on;
            if ($http_accept ~* "application/json") {
                rewrite ^/list10k/(.*)$ /list10k-json/$1 last;
            }
        }
        location /list10k-json/ {
            internal;
            alias ${o.docroot}/list10k/;
            autoindex on;
            autoindex_format json;
        }
        location /protected/ {
            auth_basic "${o.realm}";
            auth_basic_user_file ${o.htpasswd};
        }
        location ~ /\\.ht {
            deny all;
        }
    }
}
`;
}

const nginx: ServerDef = {
  id: 'nginx',
  name: 'nginx',
  features: ['listing', 'listing-json', 'auth'],
  async detect() {
    const bin = findBin('nginx');
    if (!bin) return { ok: false, reason: 'nginx not installed' };
    const v = await run(bin, ['-v']);
    const m = /nginx\/([\d.]+)/.exec(v.out);
    return m ? { ok: true, version: m[1] } : { ok: false, reason: `${bin} -v: ${v.out.trim()}` };
  },
  async start(env, version) {
    const bin = findBin('nginx')!;
    const state = stateDir(env, 'nginx');
    mkdirSync(join(state, 'tmp'), { recursive: true });
    const port = await freePort();
    const conf = join(state, 'nginx.conf');
    writeFileSync(
      conf,
      nginxConfig({
        state,
        docroot: env.fixture.docroot,
        port,
        htpasswd: env.fixture.htpasswd,
        realm: env.fixture.realm,
      }),
    );
    const proc = launch('nginx', bin, ['-p', state, '-e', join(state, 'error.log'), '-c', conf]);
    await startOrExplain(proc, () => waitForPort(port, proc, env.startTimeoutMs));
    return running('nginx', `nginx ${version}`, port, proc, 'SIGTERM');
  },
};

// ---------------------------------------------------------------------------------------------
// Caddy 2

export function caddyfile(o: { docroot: string; port: number; user: string; hash: string }): string {
  // Caddy 2.6's basicauth wants the bcrypt hash base64-encoded (later versions take both); Go's
  // bcrypt reads $2y$ like $2a$.
  const b64 = Buffer.from(o.hash).toString('base64');
  return `# generated by bench/servers.ts
{
    admin off
    auto_https off
}
http://127.0.0.1:${o.port} {
    bind 127.0.0.1
    root * ${o.docroot}
    header /a/* X-Level 3
    basicauth /protected/* {
        ${o.user} ${b64}
    }
    file_server /list/* browse {
        hide .ht*
    }
    # browse answers JSON itself when Accept names application/json
    file_server /list10k/* browse {
        hide .ht*
    }
    file_server {
        hide .ht*
    }
}
`;
}

const caddy: ServerDef = {
  id: 'caddy',
  name: 'Caddy',
  features: ['listing', 'listing-json', 'auth'],
  async detect() {
    const bin = findBin('caddy');
    if (!bin) return { ok: false, reason: 'caddy not installed' };
    const v = await run(bin, ['version']);
    const m = /v?(\d+\.\d+\.\d+)/.exec(v.out);
    return m ? { ok: true, version: m[1] } : { ok: false, reason: `${bin} version: ${v.out.trim()}` };
  },
  async start(env, version) {
    const bin = findBin('caddy')!;
    const state = stateDir(env, 'caddy');
    const port = await freePort();
    const conf = join(state, 'Caddyfile');
    writeFileSync(
      conf,
      caddyfile({ docroot: env.fixture.docroot, port, user: env.fixture.user, hash: env.fixture.hash }),
    );
    const proc = launch('caddy', bin, ['run', '--config', conf, '--adapter', 'caddyfile'], {
      cwd: state,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: state,
        XDG_CONFIG_HOME: join(state, 'config'),
        XDG_DATA_HOME: join(state, 'data'),
      },
    });
    await startOrExplain(proc, () => waitForPort(port, proc, env.startTimeoutMs));
    return running('caddy', `Caddy ${version}`, port, proc, 'SIGTERM');
  },
};

// ---------------------------------------------------------------------------------------------
// Node.js peers (dev dependencies)

function npmVersion(pkg: string): Detected {
  try {
    const file = require.resolve(`${pkg}/package.json`);
    return { ok: true, version: (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version };
  } catch {
    return { ok: false, reason: `${pkg} not installed (npm ci)` };
  }
}

function nodePeer(id: string, name: string, pkg: string, script: string, features: readonly Feature[]): ServerDef {
  return {
    id,
    name,
    features,
    detect: () => Promise.resolve(npmVersion(pkg)),
    async start(env, version) {
      const port = await freePort();
      const proc = launch(id, process.execPath, [join(here, 'peers', script), env.fixture.docroot, String(port)]);
      await startOrExplain(proc, () => waitForPort(port, proc, env.startTimeoutMs));
      return running(id, `${name} ${version}`, port, proc);
    },
  };
}

const sirv = nodePeer('sirv', 'sirv', 'sirv', 'sirv.js', []);
const serveStatic = nodePeer('serve-static', 'serve-static', 'serve-static', 'serve-static.js', []);

const httpServer: ServerDef = {
  id: 'http-server',
  name: 'http-server',
  // Its --username/--password protect the whole site with a plain-text password: not comparable.
  features: ['listing'],
  detect: () => Promise.resolve(npmVersion('http-server')),
  async start(env, version) {
    const port = await freePort();
    const bin = join(dirname(require.resolve('http-server/package.json')), 'bin', 'http-server');
    const args = [bin, env.fixture.docroot, '-a', '127.0.0.1', '-p', String(port), '-s', '-c-1', '--no-dotfiles'];
    const proc = launch('http-server', process.execPath, args);
    await startOrExplain(proc, () => waitForPort(port, proc, env.startTimeoutMs));
    return running('http-server', `http-server ${version}`, port, proc);
  },
};

/** Every server, htserve first (the reference of every ratio). */
export const SERVERS: readonly ServerDef[] = [htserve, apache, nginx, caddy, sirv, serveStatic, httpServer];
