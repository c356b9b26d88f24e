/**
 * Starts the real server with the command line the extension builds
 * (`serverLaunch`, after the same probe) and drives it over stdio:
 * initialize, the `balmod` configuration pull answered by the extension's
 * own `answerConfiguration`, a settings change, shutdown and exit.
 *
 * Skipped only when `balmod` is not importable by the test interpreter
 * (`BALMOD_TEST_PYTHON`, else the repository's `.venv`, else python3).
 * The `useBundled` case needs `npm run bundle:python` first; it is skipped
 * without the bundle unless `BALMOD_REQUIRE_BUNDLED=1`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test, type TestContext } from 'node:test';

import { probeLaunch, serverLaunch, type LaunchOptions } from '../core/launch';
import { diagnoseProbe, runProbe } from '../core/probe';
import {
  answerConfiguration,
  toServerSettings,
  type ConfigurationItemLike,
  type ServerSettings,
} from '../core/settings';
import { LspSession } from '../testing/lspSession';
import { BUNDLED_LIBS, testPython } from '../testing/paths';
import type { ImportStrategy } from '../core/settings';

const python = testPython();

interface ConfigurationParamsLike {
  items: ConfigurationItemLike[];
}

interface PublishParams {
  uri: string;
  diagnostics: { code?: string | number }[];
}

async function runSession(t: TestContext, importStrategy: ImportStrategy): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'balmod-ws-'));
  t.after(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });
  fs.writeFileSync(
    path.join(workspace, 'Ballerina.toml'),
    '[package]\norg = "ada"\nname = "hello"\nversion = "0.1.0"\n',
  );

  const options: LaunchOptions = {
    interpreter: [python],
    serverArgs: [],
    importStrategy,
    bundledLibs: BUNDLED_LIBS,
    baseEnv: process.env,
    platform: process.platform,
    cwd: workspace,
  };

  // The same check the extension makes before it launches anything.
  const outcome = diagnoseProbe(await runProbe(probeLaunch(options)), {
    interpreter: [python],
    source: 'setting',
    importStrategy,
    bundledLibs: BUNDLED_LIBS,
  });
  if (!outcome.ok && outcome.problem === 'noBalmod' && importStrategy === 'fromEnvironment') {
    t.skip(
      `balmod is not importable by ${python}; install it (pip install -e <repo>) or set BALMOD_TEST_PYTHON`,
    );
    return;
  }
  assert.ok(outcome.ok, outcome.ok ? '' : `${outcome.message} ${outcome.fix}`);
  if (importStrategy === 'useBundled') {
    assert.ok(
      outcome.info.location?.startsWith(BUNDLED_LIBS + path.sep),
      `balmod came from ${String(outcome.info.location)}, not from ${BUNDLED_LIBS}`,
    );
  }

  // What the client answers to `workspace/configuration`, changed below like a user would.
  let disabled: string[] = [];
  const currentSettings = (): ServerSettings =>
    toServerSettings((key) => ({ 'diagnostics.disable': disabled, 'inlayHints.enable': false })[key], {
      homeDir: os.homedir(),
      workspaceFolder: workspace,
      env: process.env,
    });
  const spec = serverLaunch(options);
  const child = spawn(spec.command, spec.args, { env: spec.env, cwd: spec.cwd, stdio: 'pipe' });
  const session = new LspSession(child, (method, params) =>
    method === 'workspace/configuration'
      ? answerConfiguration((params as ConfigurationParamsLike).items, [], currentSettings)
      : null,
  );
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
    }
  });

  const rootUri = pathToFileURL(workspace).href;
  const result = (await session.request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'balmod-vscode-test' },
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'hello' }],
    initializationOptions: currentSettings(),
    capabilities: {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true },
      },
      general: { positionEncodings: ['utf-16'] },
    },
  })) as { capabilities?: Record<string, unknown> } | null;

  assert.ok(result !== null && typeof result === 'object', `initialize returned ${JSON.stringify(result)}`);
  assert.ok(
    result.capabilities !== undefined && typeof result.capabilities === 'object',
    `no capabilities in ${JSON.stringify(result)}\n${session.stderr}`,
  );
  assert.notEqual(result.capabilities['textDocumentSync'], undefined, JSON.stringify(result.capabilities));

  // The server asks for the `balmod` section once initialized.
  const configurationAsked = session.waitFor('request', 'workspace/configuration');
  session.notify('initialized', {});
  const asked = (await configurationAsked) as ConfigurationParamsLike;
  assert.ok(
    asked.items.some((item) => item.section === 'balmod'),
    `asked for ${JSON.stringify(asked.items)}`,
  );

  // Settings reach the server: an import of a module the package lacks is reported, and
  // disabling the reported codes the way the extension does (didChangeConfiguration with
  // null settings, then the server's pull) makes the server publish the file clean.
  const documentUri = pathToFileURL(path.join(workspace, 'main.bal')).href;
  const reported = session.waitFor(
    'notification',
    'textDocument/publishDiagnostics',
    (params) =>
      (params as PublishParams).uri === documentUri && (params as PublishParams).diagnostics.length > 0,
  );
  session.notify('textDocument/didOpen', {
    textDocument: {
      uri: documentUri,
      languageId: 'ballerina',
      version: 1,
      text: 'import hello.nosuchmodule;\n\npublic function main() {\n}\n',
    },
  });
  const codes = ((await reported) as PublishParams).diagnostics.map((d) => String(d.code));
  disabled = [...new Set(codes)];
  const clean = session.waitFor(
    'notification',
    'textDocument/publishDiagnostics',
    (params) =>
      (params as PublishParams).uri === documentUri && (params as PublishParams).diagnostics.length === 0,
  );
  session.notify('workspace/didChangeConfiguration', { settings: null });
  await clean;

  assert.equal(await session.request('shutdown', null), null);
  session.notify('exit', null);
  const exit = await session.exited;
  assert.equal(exit.code, 0, `server exit ${JSON.stringify(exit)}; stderr:\n${session.stderr}`);
}

// A guard against a hung server, not a performance bound.
const GUARD = { timeout: 60_000 };

describe('the real server over stdio', () => {
  test(
    'fromEnvironment: `<python> -m balmod serve` initializes, takes settings and shuts down',
    GUARD,
    async (t) => {
      await runSession(t, 'fromEnvironment');
    },
  );

  test('useBundled: the server runs from bundled/libs', GUARD, async (t) => {
    if (!fs.existsSync(path.join(BUNDLED_LIBS, 'balmod', '__init__.py'))) {
      assert.notEqual(
        process.env['BALMOD_REQUIRE_BUNDLED'],
        '1',
        `BALMOD_REQUIRE_BUNDLED=1 but ${BUNDLED_LIBS} has no balmod; run npm run bundle:python`,
      );
      t.skip(`no bundled server in ${BUNDLED_LIBS}; run npm run bundle:python`);
      return;
    }
    await runSession(t, 'useBundled');
  });
});
