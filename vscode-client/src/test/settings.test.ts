import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  answerConfiguration,
  expandVariables,
  toLaunchSettings,
  toServerSettings,
  type ServerSettings,
  type VariableContext,
} from '../core/settings';

const vars: VariableContext = {
  homeDir: '/home/ada',
  workspaceFolder: '/work/proj',
  env: { BAL_HOME: '/opt/ballerina' },
};

/** A getter over a flat map of keys below `balmod.`, like WorkspaceConfiguration.get. */
function getter(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

describe('expandVariables', () => {
  test('expands home, workspace folder and environment variables', () => {
    assert.equal(expandVariables('~/.ballerina', vars), '/home/ada/.ballerina');
    assert.equal(expandVariables('~', vars), '/home/ada');
    assert.equal(expandVariables('${userHome}/x', vars), '/home/ada/x');
    assert.equal(expandVariables('${workspaceFolder}/.venv/bin/python', vars), '/work/proj/.venv/bin/python');
    assert.equal(expandVariables('${env:BAL_HOME}/bin', vars), '/opt/ballerina/bin');
  });

  test('expands an unset environment variable to nothing, as VS Code does', () => {
    assert.equal(expandVariables('${env:MISSING}/bin', vars), '/bin');
  });

  test('leaves unknown variables and other tildes as written', () => {
    assert.equal(expandVariables('${unknownVar}/x', vars), '${unknownVar}/x');
    assert.equal(
      expandVariables('${workspaceFolder}/x', { ...vars, workspaceFolder: undefined }),
      '${workspaceFolder}/x',
    );
    assert.equal(expandVariables('a~b', vars), 'a~b');
    assert.equal(expandVariables('~other/x', vars), '~other/x');
  });
});

describe('toServerSettings', () => {
  test('shapes the balmod section the way the server reads it', () => {
    const settings = toServerSettings(
      getter({
        ballerinaHome: '${env:BAL_HOME}',
        userHome: '~/.ballerina',
        'diagnostics.disable': ['BCE2002', ' BCE2004 ', 'BCE2002', ''],
        'inlayHints.enable': false,
      }),
      vars,
    );
    assert.deepEqual(settings, {
      ballerinaHome: '/opt/ballerina',
      userHome: '/home/ada/.ballerina',
      diagnostics: { disable: ['BCE2002', 'BCE2004'] },
      inlayHints: { enable: false },
    });
  });

  test('falls back to defaults for missing or ill-typed values', () => {
    const settings = toServerSettings(
      getter({ ballerinaHome: 42, 'diagnostics.disable': 'BCE2002', 'inlayHints.enable': 'yes' }),
      vars,
    );
    assert.deepEqual(settings, {
      ballerinaHome: '',
      userHome: '',
      diagnostics: { disable: ['BCE2002'] },
      inlayHints: { enable: true },
    });
    assert.deepEqual(toServerSettings(getter({ 'diagnostics.disable': [1, null, 'X1'] }), vars).diagnostics, {
      disable: ['X1'],
    });
  });
});

describe('toLaunchSettings', () => {
  test('reads interpreter, args and import strategy', () => {
    const launch = toLaunchSettings(
      getter({
        'server.interpreter': ['${workspaceFolder}/.venv/bin/python', '-X', 'utf8'],
        'server.args': ['--log-level', 'DEBUG'],
        'server.importStrategy': 'fromEnvironment',
      }),
      vars,
    );
    assert.deepEqual(launch, {
      interpreter: ['/work/proj/.venv/bin/python', '-X', 'utf8'],
      args: ['--log-level', 'DEBUG'],
      importStrategy: 'fromEnvironment',
    });
  });

  test('accepts a plain string interpreter and defaults the strategy', () => {
    const launch = toLaunchSettings(
      getter({ 'server.interpreter': '~/py/bin/python3', 'server.importStrategy': 'bogus' }),
      vars,
    );
    assert.deepEqual(launch.interpreter, ['/home/ada/py/bin/python3']);
    assert.equal(launch.importStrategy, 'useBundled');
    assert.deepEqual(launch.args, []);
  });

  test('treats empty values as unset', () => {
    assert.deepEqual(toLaunchSettings(getter({ 'server.interpreter': ['', ''] }), vars).interpreter, []);
    assert.deepEqual(toLaunchSettings(getter({ 'server.interpreter': '  ' }), vars).interpreter, []);
  });
});

describe('answerConfiguration', () => {
  const shaped = (home: string): ServerSettings => ({
    ballerinaHome: home,
    userHome: '',
    diagnostics: { disable: ['BCE2002'] },
    inlayHints: { enable: false },
  });

  test('answers balmod items with the server shape, per scope, and keeps other answers', () => {
    const scopes: (string | undefined)[] = [];
    const answer = answerConfiguration(
      [{ section: 'balmod', scopeUri: 'file:///a' }, { section: 'editor.tabSize' }, { section: 'balmod' }],
      [{ raw: true }, 4, { raw: true }],
      (scopeUri) => {
        scopes.push(scopeUri);
        return shaped(scopeUri ?? 'global');
      },
    );
    assert.deepEqual(answer, [shaped('file:///a'), 4, shaped('global')]);
    assert.deepEqual(scopes, ['file:///a', undefined]);
  });

  test('answers keys below balmod from the shaped settings', () => {
    const answer = answerConfiguration(
      [
        { section: 'balmod.diagnostics' },
        { section: 'balmod.inlayHints.enable' },
        { section: 'balmod.nope' },
      ],
      [null, null, null],
      () => shaped(''),
    );
    assert.deepEqual(answer, [{ disable: ['BCE2002'] }, false, null]);
  });

  test('does not treat look-alike sections as balmod', () => {
    const answer = answerConfiguration([{ section: 'balmodx' }, { section: null }], ['kept', 'whole'], () =>
      shaped(''),
    );
    assert.deepEqual(answer, ['kept', 'whole']);
  });
});
