import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import { probeLaunch, type LaunchOptions } from '../core/launch';
import {
  diagnoseProbe,
  noInterpreterOutcome,
  parseProbeOutput,
  runProbe,
  type ProbeContext,
  type ProbeRun,
} from '../core/probe';
import { testPython } from '../testing/paths';

const context: ProbeContext = {
  interpreter: ['/venv/bin/python'],
  source: 'pythonExtension',
  importStrategy: 'fromEnvironment',
  bundledLibs: '/ext/bundled/libs',
};

function ran(info: Record<string, unknown>, extra: Partial<ProbeRun> = {}): ProbeRun {
  return { exitCode: 0, stdout: `noise\nBALMOD_PROBE ${JSON.stringify(info)}\n`, stderr: '', ...extra };
}

const healthy = {
  version: [3, 12, 1],
  executable: '/venv/bin/python',
  balmod: '0.1.0',
  location: '/venv/lib/balmod/__init__.py',
  missing: [],
};

describe('parseProbeOutput', () => {
  test('reads the marked line among other output', () => {
    assert.deepEqual(parseProbeOutput(ran(healthy).stdout), healthy);
  });

  test('rejects missing, malformed or ill-typed output', () => {
    assert.equal(parseProbeOutput(''), undefined);
    assert.equal(parseProbeOutput('BALMOD_PROBE {not json'), undefined);
    assert.equal(parseProbeOutput('BALMOD_PROBE null'), undefined);
    assert.equal(parseProbeOutput('BALMOD_PROBE {"version": [3, "12", 0]}'), undefined);
    assert.equal(parseProbeOutput('BALMOD_PROBE {"version": [3, 12]}'), undefined);
  });
});

describe('diagnoseProbe', () => {
  test('a good interpreter with balmod and its dependencies is ready', () => {
    const outcome = diagnoseProbe(ran(healthy), context);
    assert.ok(outcome.ok);
    assert.equal(outcome.info.balmod, '0.1.0');
  });

  test('Python older than 3.11 is too old, whatever else it has', () => {
    for (const version of [
      [3, 10, 12],
      [2, 7, 18],
    ]) {
      const outcome = diagnoseProbe(ran({ ...healthy, version }), context);
      assert.ok(!outcome.ok);
      assert.equal(outcome.problem, 'tooOld');
      assert.match(outcome.message, new RegExp(`Python ${version.join('\\.')}.*3\\.11 or newer`));
      assert.match(outcome.fix, /Select Interpreter/);
    }
    assert.ok(diagnoseProbe(ran({ ...healthy, version: [4, 0, 0] }), context).ok);
  });

  test('missing balmod names the pip command for fromEnvironment', () => {
    const outcome = diagnoseProbe(
      ran({
        version: [3, 11, 9],
        executable: '/usr/bin/python3',
        balmod: null,
        error: "ModuleNotFoundError: No module named 'balmod'",
      }),
      context,
    );
    assert.ok(!outcome.ok);
    assert.equal(outcome.problem, 'noBalmod');
    assert.match(outcome.message, /not installed for the Python interpreter "\/usr\/bin\/python3"/);
    assert.match(outcome.message, /No module named 'balmod'/);
    assert.match(outcome.fix, /"\/usr\/bin\/python3 -m pip install balmod"/);
    assert.match(outcome.fix, /useBundled/);
  });

  test('missing balmod under useBundled points at the bundle', () => {
    const outcome = diagnoseProbe(ran({ version: [3, 11, 9], executable: '/p', balmod: null }), {
      ...context,
      importStrategy: 'useBundled',
    });
    assert.ok(!outcome.ok);
    assert.equal(outcome.problem, 'noBalmod');
    assert.match(outcome.message, /bundled.*\/ext\/bundled\/libs/);
    assert.match(outcome.fix, /fromEnvironment/);
  });

  test('balmod without its protocol libraries is reported', () => {
    const outcome = diagnoseProbe(ran({ ...healthy, missing: ['pygls'] }), context);
    assert.ok(!outcome.ok);
    assert.equal(outcome.problem, 'missingDeps');
    assert.match(outcome.message, /pygls/);
  });

  test('an interpreter that cannot be started names where it came from', () => {
    const outcome = diagnoseProbe(
      { spawnErrorCode: 'ENOENT', exitCode: null, stdout: '', stderr: '' },
      {
        ...context,
        source: 'setting',
      },
    );
    assert.ok(!outcome.ok);
    assert.equal(outcome.problem, 'notFound');
    assert.match(outcome.message, /balmod\.server\.interpreter setting/);
    assert.match(outcome.fix, /balmod\.server\.interpreter/);
  });

  test('a probe that prints nothing useful shows the end of stderr', () => {
    const outcome = diagnoseProbe(
      { exitCode: 1, stdout: '', stderr: 'line1\nline2\nFatal: boom\n' },
      context,
    );
    assert.ok(!outcome.ok);
    assert.equal(outcome.problem, 'failed');
    assert.match(outcome.message, /Fatal: boom/);
  });

  test('no interpreter at all explains every place that was searched', () => {
    const outcome = noInterpreterOutcome();
    assert.ok(!outcome.ok);
    assert.equal(outcome.problem, 'noPython');
    assert.match(outcome.message, /balmod\.server\.interpreter.*Python extension.*PATH/);
  });
});

describe('runProbe against real processes', () => {
  const python = testPython();

  function probeOptions(overrides: Partial<LaunchOptions>): LaunchOptions {
    return {
      interpreter: [python],
      serverArgs: [],
      importStrategy: 'fromEnvironment',
      bundledLibs: '/nonexistent',
      baseEnv: process.env,
      platform: process.platform,
      ...overrides,
    };
  }

  test('reports the real interpreter version', async () => {
    const run = await runProbe(probeLaunch(probeOptions({})));
    const info = parseProbeOutput(run.stdout);
    assert.ok(info !== undefined, `probe output was: ${run.stdout}${run.stderr}`);
    assert.equal(info.version[0], 3);
    assert.ok(info.executable !== '');
  });

  test('a missing interpreter is "notFound"', async () => {
    const missing = path.join(os.tmpdir(), 'balmod-no-such-python', 'python3');
    const run = await runProbe(probeLaunch(probeOptions({ interpreter: [missing] })));
    assert.equal(run.spawnErrorCode, 'ENOENT');
    const outcome = diagnoseProbe(run, { ...context, interpreter: [missing], source: 'path' });
    assert.ok(!outcome.ok);
    assert.equal(outcome.problem, 'notFound');
  });

  test('an interpreter that exits with an error is "failed" with its stderr', async () => {
    const interpreter = [python, '-c', 'import sys; sys.stderr.write("exploded\\n"); sys.exit(3)'];
    const run = await runProbe(probeLaunch(probeOptions({ interpreter })));
    assert.equal(run.exitCode, 3);
    const outcome = diagnoseProbe(run, { ...context, interpreter });
    assert.ok(!outcome.ok);
    assert.equal(outcome.problem, 'failed');
    assert.match(outcome.message, /exploded/);
  });

  test('a balmod/ folder in the working directory does not shadow the real one', async (t) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balmod-cwd-'));
    t.after(() => {
      fs.rmSync(folder, { recursive: true, force: true });
    });
    fs.mkdirSync(path.join(folder, 'balmod'));
    fs.writeFileSync(path.join(folder, 'balmod', '__init__.py'), 'raise ImportError("shadowed")\n');
    const run = await runProbe(probeLaunch(probeOptions({ cwd: folder })));
    const info = parseProbeOutput(run.stdout);
    assert.ok(info !== undefined, `probe output was: ${run.stdout}${run.stderr}`);
    assert.doesNotMatch(info.error ?? '', /shadowed/);
    assert.ok(!(info.location ?? '').startsWith(folder), `balmod came from ${String(info.location)}`);
  });

  test('useBundled imports balmod from the bundle first, and reports a broken one', async (t) => {
    const bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'balmod-bundle-'));
    t.after(() => {
      fs.rmSync(bundle, { recursive: true, force: true });
    });
    fs.mkdirSync(path.join(bundle, 'balmod'));
    fs.writeFileSync(path.join(bundle, 'balmod', '__init__.py'), 'raise ImportError("bundle is broken")\n');
    const run = await runProbe(
      probeLaunch(probeOptions({ importStrategy: 'useBundled', bundledLibs: bundle })),
    );
    const outcome = diagnoseProbe(run, { ...context, importStrategy: 'useBundled', bundledLibs: bundle });
    assert.ok(!outcome.ok, `expected the broken bundle to be imported: ${run.stdout}${run.stderr}`);
    assert.equal(outcome.problem, 'noBalmod');
    assert.match(outcome.message, /bundle is broken/);
  });
});
