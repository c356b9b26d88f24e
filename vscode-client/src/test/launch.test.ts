import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { formatCommand, PROBE_SCRIPT, probeLaunch, serverLaunch, type LaunchOptions } from '../core/launch';

function options(overrides: Partial<LaunchOptions>): LaunchOptions {
  return {
    interpreter: ['/venv/bin/python'],
    serverArgs: [],
    importStrategy: 'fromEnvironment',
    bundledLibs: '/ext/bundled/libs',
    baseEnv: { PATH: '/usr/bin', HOME: '/home/ada' },
    platform: 'linux',
    ...overrides,
  };
}

describe('serverLaunch', () => {
  test('runs `python -m balmod serve` with the extra args after serve', () => {
    const spec = serverLaunch(
      options({ interpreter: ['py', '-3.12'], serverArgs: ['--log-level', 'DEBUG'], cwd: '/work/proj' }),
    );
    assert.equal(spec.command, 'py');
    assert.deepEqual(spec.args, ['-3.12', '-m', 'balmod', 'serve', '--log-level', 'DEBUG']);
    assert.equal(spec.cwd, '/work/proj');
  });

  test('fromEnvironment keeps the environment as it is', () => {
    const spec = serverLaunch(
      options({ baseEnv: { PATH: '/usr/bin', PYTHONPATH: '/mine', GONE: undefined } }),
    );
    assert.deepEqual(spec.env, { PATH: '/usr/bin', PYTHONPATH: '/mine', PYTHONSAFEPATH: '1' });
  });

  test('useBundled puts the bundled libraries first on PYTHONPATH', () => {
    assert.equal(
      serverLaunch(options({ importStrategy: 'useBundled' })).env['PYTHONPATH'],
      '/ext/bundled/libs',
    );
    assert.equal(
      serverLaunch(options({ importStrategy: 'useBundled', baseEnv: { PYTHONPATH: '/mine' } })).env[
        'PYTHONPATH'
      ],
      '/ext/bundled/libs:/mine',
    );
    assert.equal(
      serverLaunch(options({ importStrategy: 'useBundled', baseEnv: { PYTHONPATH: '' } })).env['PYTHONPATH'],
      '/ext/bundled/libs',
    );
  });

  test('useBundled on Windows uses ; and the existing spelling of PYTHONPATH', () => {
    const env = serverLaunch(
      options({
        importStrategy: 'useBundled',
        bundledLibs: 'C:\\ext\\bundled\\libs',
        platform: 'win32',
        baseEnv: { PythonPath: 'D:\\mine' },
      }),
    ).env;
    assert.deepEqual(env, { PythonPath: 'C:\\ext\\bundled\\libs;D:\\mine', PYTHONSAFEPATH: '1' });
  });

  test('does not modify the base environment', () => {
    const baseEnv = { PYTHONPATH: '/mine' };
    serverLaunch(options({ importStrategy: 'useBundled', baseEnv }));
    assert.deepEqual(baseEnv, { PYTHONPATH: '/mine' });
  });

  test('an empty interpreter is an error, not a launch of ""', () => {
    assert.throws(() => serverLaunch(options({ interpreter: [] })), /No Python interpreter/);
    assert.throws(() => serverLaunch(options({ interpreter: [''] })), /No Python interpreter/);
  });
});

describe('probeLaunch', () => {
  test('runs the probe with the same interpreter, leading args and environment as the server', () => {
    const opts = options({ interpreter: ['py', '-3.12'], importStrategy: 'useBundled', serverArgs: ['--x'] });
    const probe = probeLaunch(opts);
    const server = serverLaunch(opts);
    assert.equal(probe.command, server.command);
    assert.deepEqual(probe.args, ['-3.12', '-c', PROBE_SCRIPT]);
    assert.deepEqual(probe.env, server.env);
  });
});

describe('formatCommand', () => {
  test('quotes only what a shell would split', () => {
    assert.equal(
      formatCommand({ command: '/opt/my python/bin/python', args: ['-m', 'balmod', 'serve', "it's"] }),
      `'/opt/my python/bin/python' -m balmod serve 'it'\\''s'`,
    );
  });
});
