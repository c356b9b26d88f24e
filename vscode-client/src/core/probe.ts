/**
 * Checking an interpreter before launching the server, and turning what went
 * wrong into a message that names the problem and its fix.
 */
import { execFile } from 'node:child_process';

import { describeSource, type InterpreterSource } from './interpreter';
import { PROBE_MARKER, type LaunchSpec } from './launch';
import type { ImportStrategy } from './settings';

export const MIN_PYTHON: readonly [number, number] = [3, 11];

/** What running the probe produced, before any interpretation. */
export interface ProbeRun {
  /** Set when the process could not be started at all, e.g. `ENOENT`. */
  spawnErrorCode?: string | undefined;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface ProbeInfo {
  version: [number, number, number];
  executable: string;
  balmod: string | null;
  location?: string;
  missing?: string[];
  error?: string;
}

export type Problem = 'noPython' | 'notFound' | 'failed' | 'tooOld' | 'noBalmod' | 'missingDeps';

export type ProbeOutcome =
  { ok: true; info: ProbeInfo } | { ok: false; problem: Problem; message: string; fix: string };

export interface ProbeContext {
  interpreter: readonly string[];
  source: InterpreterSource;
  importStrategy: ImportStrategy;
  bundledLibs: string;
}

/** Runs the probe. Never rejects: failures come back in the result. */
export function runProbe(spec: LaunchSpec, timeoutMs = 30_000): Promise<ProbeRun> {
  return new Promise((resolve) => {
    execFile(
      spec.command,
      spec.args,
      { env: spec.env, cwd: spec.cwd, timeout: timeoutMs, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        // A spawn failure carries a string code (ENOENT); a non-zero exit carries the number.
        const code: unknown = error === null ? undefined : (error as { code?: unknown }).code;
        resolve({
          spawnErrorCode: typeof code === 'string' ? code : undefined,
          exitCode: error === null ? 0 : typeof code === 'number' ? code : null,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Finds and validates the marked JSON line; undefined when absent or malformed. */
export function parseProbeOutput(stdout: string): ProbeInfo | undefined {
  const line = stdout
    .split(/\r?\n/)
    .reverse()
    .find((candidate) => candidate.startsWith(PROBE_MARKER));
  if (line === undefined) {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(line.slice(PROBE_MARKER.length));
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object') {
    return undefined;
  }
  const raw = data as Record<string, unknown>;
  const version = raw['version'];
  if (!Array.isArray(version) || version.length !== 3 || !version.every((part) => typeof part === 'number')) {
    return undefined;
  }
  const info: ProbeInfo = {
    version: [version[0] as number, version[1] as number, version[2] as number],
    executable: typeof raw['executable'] === 'string' ? raw['executable'] : '',
    balmod: typeof raw['balmod'] === 'string' ? raw['balmod'] : null,
  };
  if (typeof raw['location'] === 'string') {
    info.location = raw['location'];
  }
  if (Array.isArray(raw['missing'])) {
    info.missing = raw['missing'].filter((name): name is string => typeof name === 'string');
  }
  if (typeof raw['error'] === 'string') {
    info.error = raw['error'];
  }
  return info;
}

function isTooOld(version: readonly number[]): boolean {
  const [major = 0, minor = 0] = version;
  return major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1]);
}

const MIN_TEXT = `${MIN_PYTHON[0]}.${MIN_PYTHON[1]}`;

function chooseInterpreterFix(source: InterpreterSource): string {
  switch (source) {
    case 'setting':
      return `Set "balmod.server.interpreter" to a Python ${MIN_TEXT}+ interpreter, or clear it to use the Python extension's interpreter or python3 on PATH.`;
    case 'pythonExtension':
      return `Select a Python ${MIN_TEXT}+ interpreter ("Python: Select Interpreter"), or set "balmod.server.interpreter".`;
    case 'path':
      return `Install Python ${MIN_TEXT}+ and put it on PATH, or set "balmod.server.interpreter" to its path.`;
  }
}

/** The message for when no interpreter was found anywhere. */
export function noInterpreterOutcome(): ProbeOutcome {
  return {
    ok: false,
    problem: 'noPython',
    message:
      'balmod could not find Python: "balmod.server.interpreter" is empty, the Python extension gave no interpreter, and neither python3 nor python is on PATH.',
    fix: `Install Python ${MIN_TEXT}+ and set "balmod.server.interpreter" to it (or select it with the Python extension).`,
  };
}

function lastLines(text: string, count: number): string {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  return lines.slice(-count).join(' | ');
}

/** Turns a probe run into "ready" or into a problem with its fix. */
export function diagnoseProbe(run: ProbeRun, context: ProbeContext): ProbeOutcome {
  const shown = context.interpreter.join(' ');
  const where = describeSource(context.source);
  if (run.spawnErrorCode === 'ENOENT' || run.spawnErrorCode === 'EACCES') {
    return {
      ok: false,
      problem: 'notFound',
      message: `balmod could not run the Python interpreter "${shown}" (from ${where}): ${run.spawnErrorCode === 'ENOENT' ? 'no such file' : 'permission denied'}.`,
      fix: chooseInterpreterFix(context.source),
    };
  }
  const info = parseProbeOutput(run.stdout);
  if (info === undefined) {
    const detail =
      lastLines(run.stderr, 3) || lastLines(run.stdout, 3) || `exit code ${String(run.exitCode)}`;
    return {
      ok: false,
      problem: 'failed',
      message: `balmod could not check the Python interpreter "${shown}" (from ${where}): ${detail}`,
      fix: chooseInterpreterFix(context.source),
    };
  }
  const version = info.version.join('.');
  if (isTooOld(info.version)) {
    return {
      ok: false,
      problem: 'tooOld',
      message: `The Python interpreter "${shown}" (from ${where}) is Python ${version}; the balmod server needs Python ${MIN_TEXT} or newer.`,
      fix: chooseInterpreterFix(context.source),
    };
  }
  const python = info.executable !== '' ? info.executable : shown;
  if (info.balmod === null) {
    const reason = info.error !== undefined ? ` (${info.error})` : '';
    if (context.importStrategy === 'useBundled') {
      return {
        ok: false,
        problem: 'noBalmod',
        message: `The balmod server bundled with this extension could not be imported from ${context.bundledLibs} by Python ${version}${reason}.`,
        fix: `Reinstall the extension from a .vsix built with "npm run bundle:python", or install balmod with "${python} -m pip install balmod" and set "balmod.server.importStrategy" to "fromEnvironment".`,
      };
    }
    return {
      ok: false,
      problem: 'noBalmod',
      message: `balmod is not installed for the Python interpreter "${python}" (from ${where})${reason}.`,
      fix: `Run "${python} -m pip install balmod", or set "balmod.server.importStrategy" to "useBundled".`,
    };
  }
  if (info.missing !== undefined && info.missing.length > 0) {
    const missing = info.missing.join(', ');
    return {
      ok: false,
      problem: 'missingDeps',
      message: `balmod ${info.balmod} was found for "${python}", but its dependencies are missing: ${missing}.`,
      fix:
        context.importStrategy === 'useBundled'
          ? 'Rebuild the extension with "npm run bundle:python" (it installs balmod with its dependencies into bundled/libs).'
          : `Run "${python} -m pip install balmod" to install its dependencies.`,
    };
  }
  return { ok: true, info };
}
