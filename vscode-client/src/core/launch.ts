/**
 * The exact command lines the extension runs: the server itself and the probe
 * that checks the interpreter first. Both get the same environment, so a probe
 * that passes means the server's `import balmod` will find the same code.
 */
import type { ImportStrategy } from './settings';

export interface LaunchOptions {
  /** Interpreter command and its leading arguments, e.g. `["/venv/bin/python"]`. */
  interpreter: readonly string[];
  /** `balmod.server.args`, appended after `serve`. */
  serverArgs: readonly string[];
  importStrategy: ImportStrategy;
  /** `<extension>/bundled/libs`: put first on PYTHONPATH for `useBundled`. */
  bundledLibs: string;
  /** The environment to start from (normally `process.env`). */
  baseEnv: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  cwd?: string | undefined;
}

export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string | undefined;
}

/** What follows the interpreter to run the server over stdio. */
export const SERVER_MODULE_ARGS: readonly string[] = ['-m', 'balmod', 'serve'];

/**
 * Prints one marked JSON line describing the interpreter and whether balmod
 * (and its protocol library) import. Written so that even Python 2 can run it
 * and report its version, instead of failing with a SyntaxError.
 */
export const PROBE_SCRIPT = [
  'import sys, json',
  'info = {"version": list(sys.version_info[:3]), "executable": sys.executable}',
  'try:',
  '    import balmod',
  '    import importlib.util',
  '    info["balmod"] = str(getattr(balmod, "__version__", "unknown"))',
  '    info["location"] = str(getattr(balmod, "__file__", "") or "")',
  '    info["missing"] = [m for m in ("pygls", "lsprotocol") if importlib.util.find_spec(m) is None]',
  'except Exception as exc:',
  '    info["balmod"] = None',
  '    info["error"] = "%s: %s" % (type(exc).__name__, exc)',
  'sys.stdout.write("BALMOD_PROBE " + json.dumps(info) + "\\n")',
].join('\n');

export const PROBE_MARKER = 'BALMOD_PROBE ';

function launchEnv(options: LaunchOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.baseEnv)) {
    if (value !== undefined) {
      env[key] = value;
    }
  }
  // The server runs in the workspace folder; without this, Python 3.11+ would put that folder
  // first on sys.path and a stray `semver.py` or `balmod/` there would shadow the real one.
  env['PYTHONSAFEPATH'] = '1';
  if (options.importStrategy === 'useBundled') {
    // Windows environment names are case-insensitive; reuse whatever spelling is present.
    const key =
      options.platform === 'win32'
        ? (Object.keys(env).find((name) => name.toUpperCase() === 'PYTHONPATH') ?? 'PYTHONPATH')
        : 'PYTHONPATH';
    const delimiter = options.platform === 'win32' ? ';' : ':';
    const existing = env[key];
    env[key] =
      existing !== undefined && existing !== ''
        ? `${options.bundledLibs}${delimiter}${existing}`
        : options.bundledLibs;
  }
  return env;
}

function launch(options: LaunchOptions, tail: readonly string[]): LaunchSpec {
  const [command, ...leading] = options.interpreter;
  if (command === undefined || command === '') {
    throw new Error('No Python interpreter was given.');
  }
  return {
    command,
    args: [...leading, ...tail],
    env: launchEnv(options),
    cwd: options.cwd,
  };
}

/** `<python> -m balmod serve <args...>` with the import strategy's environment. */
export function serverLaunch(options: LaunchOptions): LaunchSpec {
  return launch(options, [...SERVER_MODULE_ARGS, ...options.serverArgs]);
}

/** `<python> -c <probe>` with exactly the environment the server will get. */
export function probeLaunch(options: LaunchOptions): LaunchSpec {
  return launch(options, ['-c', PROBE_SCRIPT]);
}

/** For the log: a command line a user can paste into a POSIX shell. */
export function formatCommand(spec: Pick<LaunchSpec, 'command' | 'args'>): string {
  return [spec.command, ...spec.args]
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
