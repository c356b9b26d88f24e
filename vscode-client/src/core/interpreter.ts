/**
 * Finding the Python interpreter that runs the server, in a fixed order:
 * the `balmod.server.interpreter` setting, the Python extension's active
 * environment, then `python3` (and `python`) on PATH.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type InterpreterSource = 'setting' | 'pythonExtension' | 'path';

export interface Interpreter {
  /** The command and its leading arguments, e.g. `["py", "-3.12"]`. */
  command: string[];
  source: InterpreterSource;
}

export interface DiscoveryInputs {
  /** `balmod.server.interpreter`, already variable-expanded. */
  setting: readonly string[];
  /**
   * The Python extension's active interpreter for the resource, or undefined
   * when the extension is missing, has no environment, or fails.
   */
  pythonExtension: () => Promise<string | undefined>;
  /** Resolves a bare command name on PATH. */
  findOnPath: (name: string) => string | undefined;
}

/** Names tried on PATH, in order. Windows installs often have no `python3`. */
export const PATH_CANDIDATES: readonly string[] = ['python3', 'python'];

export async function discoverInterpreter(inputs: DiscoveryInputs): Promise<Interpreter | undefined> {
  if (inputs.setting.length > 0) {
    return { command: [...inputs.setting], source: 'setting' };
  }
  let fromExtension: string | undefined;
  try {
    fromExtension = await inputs.pythonExtension();
  } catch {
    // A broken or still-loading Python extension must not stop the server: fall through to PATH.
    fromExtension = undefined;
  }
  if (fromExtension !== undefined && fromExtension !== '') {
    return { command: [fromExtension], source: 'pythonExtension' };
  }
  for (const name of PATH_CANDIDATES) {
    const found = inputs.findOnPath(name);
    if (found !== undefined) {
      return { command: [found], source: 'path' };
    }
  }
  return undefined;
}

export interface PathLookup {
  pathVar: string | undefined;
  platform: NodeJS.Platform;
  /** `PATHEXT` on Windows. */
  pathExt?: string | undefined;
  isExecutableFile?: (candidate: string) => boolean;
}

function defaultIsExecutableFile(candidate: string): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) {
      return false;
    }
    fs.accessSync(candidate, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `which`: the first executable file called `name` in the PATH entries. */
export function findOnPath(name: string, lookup: PathLookup): string | undefined {
  const isWindows = lookup.platform === 'win32';
  const pathApi = isWindows ? path.win32 : path.posix;
  const delimiter = isWindows ? ';' : ':';
  const isExecutable = lookup.isExecutableFile ?? defaultIsExecutableFile;
  const extensions = isWindows
    ? ['', ...(lookup.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((ext) => ext !== '')]
    : [''];
  for (const dir of (lookup.pathVar ?? '').split(delimiter)) {
    if (dir === '') {
      continue;
    }
    for (const ext of extensions) {
      const candidate = pathApi.join(dir, name + ext.toLowerCase());
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

export function describeSource(source: InterpreterSource): string {
  switch (source) {
    case 'setting':
      return 'the balmod.server.interpreter setting';
    case 'pythonExtension':
      return "the Python extension's selected interpreter";
    case 'path':
      return 'PATH';
  }
}
