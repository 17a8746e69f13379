// The programs the tests run that npm does not install: Chromium (browser tests and the
// offline-wall drill), promtool (the /metrics check) and redis-server (private Redis). Each has
// one place to say where it is (an environment variable) and one default, shared by the tests
// and by the test set-up, which installs Debian's package where the user may (root or
// passwordless sudo) and otherwise names what to install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface SystemTool {
  /** What the messages call it. */
  label: string;
  /** Environment variable that points at it; the tests read it too. */
  envVar: string;
  /** Where it is looked for when the variable is unset: absolute paths or names on the PATH. */
  candidates: string[];
  /** The Debian package that ships it, and where that package puts it. */
  debianPackage: string;
  installedPath: string;
}

export const CHROMIUM: SystemTool = {
  label: 'Chromium',
  envVar: 'PANTAU_CHROMIUM',
  candidates: ['/usr/bin/chromium', 'chromium', 'chromium-browser'],
  debianPackage: 'chromium',
  installedPath: '/usr/bin/chromium',
};

export const PROMTOOL: SystemTool = {
  label: 'promtool',
  envVar: 'PANTAU_PROMTOOL',
  candidates: ['promtool', '/usr/bin/promtool'],
  debianPackage: 'prometheus',
  installedPath: '/usr/bin/promtool',
};

export const REDIS_SERVER: SystemTool = {
  label: 'redis-server',
  envVar: 'PANTAU_REDIS_SERVER',
  candidates: ['redis-server'],
  debianPackage: 'redis-server',
  installedPath: '/usr/bin/redis-server',
};

function isExecutableFile(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/**
 * Where the tool is, or null. When its variable is set, only that path counts (that is how a
 * user points at another build, and how the tests simulate a machine without it).
 */
export function findTool(tool: SystemTool, env: NodeJS.ProcessEnv = process.env): string | null {
  const wanted = env[tool.envVar];
  if (wanted) return isExecutableFile(wanted) ? wanted : null;
  for (const c of tool.candidates) {
    const found = path.isAbsolute(c) ? (isExecutableFile(c) ? c : null) : onPath(c, env);
    if (found) return found;
  }
  return null;
}

/** What the tests launch: the tool if found, else the path its variable names or its default. */
export function toolPath(tool: SystemTool, env: NodeJS.ProcessEnv = process.env): string {
  return findTool(tool, env) ?? env[tool.envVar] ?? tool.installedPath;
}

/** Where the variable points, or the usual place, for messages. */
export function lookedFor(tool: SystemTool, env: NodeJS.ProcessEnv = process.env): string {
  return env[tool.envVar] ? `${tool.envVar}=${env[tool.envVar]}` : tool.candidates.join(', ');
}

export type InstallMethod = { argv0: string; prefix: string[] } | null;

/**
 * How this user may install Debian packages: as root, or through passwordless sudo; null when
 * not (or without apt-get, or when PANTAU_TEST_INSTALL=0 says never to).
 */
export function installMethod(env: NodeJS.ProcessEnv = process.env): InstallMethod {
  if (env.PANTAU_TEST_INSTALL === '0') return null;
  if (!onPath('apt-get', env) && !isExecutableFile('/usr/bin/apt-get')) return null;
  if (process.getuid?.() === 0) return { argv0: 'apt-get', prefix: [] };
  if (onPath('sudo', env) && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return { argv0: 'sudo', prefix: ['-n', 'apt-get'] };
  return null;
}

/** The command a person would type to install these tools. */
export function installCommand(tools: SystemTool[]): string {
  const packages = [...new Set(tools.map((t) => t.debianPackage))].join(' ');
  return `${process.getuid?.() === 0 ? '' : 'sudo '}apt-get install ${packages}`;
}

/**
 * Installs the tools' Debian packages (apt-get update first: a fresh machine has no package
 * lists). Recommended packages are left out: promtool needs none, and `prometheus` would
 * otherwise bring a node exporter.
 */
export function installTools(tools: SystemTool[], method: NonNullable<InstallMethod>, log: (line: string) => void): void {
  const packages = [...new Set(tools.map((t) => t.debianPackage))];
  const run = (args: string[]) => {
    const r = spawnSync(method.argv0, [...method.prefix, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) throw new Error(`${[method.argv0, ...method.prefix, ...args].join(' ')} failed (${r.status ?? r.signal})`);
  };
  log(`Memasang / installing ${packages.join(', ')} (apt-get) ...`);
  run(['update', '-qq']);
  run(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}
