/**
 * Owns the language client: finds and checks the interpreter, starts
 * `balmod serve`, restarts it, and reports why it could not start.
 */
import * as os from 'node:os';

import {
  commands,
  extensions,
  Uri,
  window,
  workspace,
  type ExtensionContext,
  type OutputChannel,
  type WorkspaceFolder,
} from 'vscode';
import { DidChangeConfigurationNotification, ResponseError } from 'vscode-languageclient';
import {
  LanguageClient,
  RevealOutputChannelOn,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

import { readArchiveSource } from './core/archive';
import { describeSource, discoverInterpreter, findOnPath, type InterpreterSource } from './core/interpreter';
import { formatCommand, probeLaunch, serverLaunch, type LaunchOptions } from './core/launch';
import { diagnoseProbe, noInterpreterOutcome, runProbe, type ProbeOutcome } from './core/probe';
import { DOCUMENT_SELECTOR } from './core/selector';
import {
  answerConfiguration,
  SECTION,
  toLaunchSettings,
  toServerSettings,
  type ServerSettings,
  type VariableContext,
} from './core/settings';
import { activeInterpreter, PYTHON_EXTENSION_ID } from './python';

const CLIENT_ID = 'balmod';
const CLIENT_NAME = 'balmod';

function variablesFor(folder: WorkspaceFolder | undefined): VariableContext {
  return { homeDir: os.homedir(), workspaceFolder: folder?.uri.fsPath, env: process.env };
}

/** The server-shaped `balmod` settings for a resource (or the first folder). */
export function serverSettingsFor(scopeUri: string | undefined): ServerSettings {
  const uri = scopeUri !== undefined ? Uri.parse(scopeUri) : undefined;
  const folder = uri !== undefined ? workspace.getWorkspaceFolder(uri) : workspace.workspaceFolders?.[0];
  const config = workspace.getConfiguration(SECTION, uri ?? folder?.uri);
  return toServerSettings((key) => config.get(key), variablesFor(folder));
}

export class ServerController {
  private client: LanguageClient | undefined;
  private source: InterpreterSource | undefined;
  // Start, stop and restart run one at a time, in the order they were asked for.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: ExtensionContext,
    private readonly output: OutputChannel,
  ) {}

  /** Where the running server's interpreter came from, if it is running. */
  get interpreterSource(): InterpreterSource | undefined {
    return this.client !== undefined ? this.source : undefined;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  /** The text of a `balmod-archive:` document, from the running server. */
  async archiveSource(uri: string): Promise<string> {
    const client = this.client;
    if (client?.isRunning() !== true) {
      throw new Error(`balmod cannot show ${uri}: the server is not running`);
    }
    return readArchiveSource((method, params) => client.sendRequest(method, params), uri);
  }

  /** Asks the running server to pull the `balmod` section again. */
  async settingsChanged(): Promise<void> {
    if (this.client?.isRunning() === true) {
      await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private log(message: string): void {
    this.output.appendLine(`[client ${new Date().toISOString()}] ${message}`);
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      this.log('Stopping the server.');
      try {
        await client.stop();
      } catch (error) {
        this.log(`Stopping the server failed: ${String(error)}`);
      }
    }
  }

  private async doStart(): Promise<void> {
    const folder = workspace.workspaceFolders?.[0];
    const vars = variablesFor(folder);
    const config = workspace.getConfiguration(SECTION, folder?.uri);
    const launchSettings = toLaunchSettings((key) => config.get(key), vars);

    const interpreter = await discoverInterpreter({
      setting: launchSettings.interpreter,
      pythonExtension: () => activeInterpreter(folder?.uri),
      findOnPath: (name) =>
        findOnPath(name, {
          pathVar: process.env['PATH'],
          platform: process.platform,
          pathExt: process.env['PATHEXT'],
        }),
    });
    if (interpreter === undefined) {
      this.report(noInterpreterOutcome(), undefined);
      return;
    }
    this.log(
      `Python interpreter: ${interpreter.command.join(' ')} (from ${describeSource(interpreter.source)})`,
    );

    const options: LaunchOptions = {
      interpreter: interpreter.command,
      serverArgs: launchSettings.args,
      importStrategy: launchSettings.importStrategy,
      bundledLibs: this.context.asAbsolutePath('bundled/libs'),
      baseEnv: process.env,
      platform: process.platform,
      cwd: folder?.uri.fsPath,
    };
    const outcome = diagnoseProbe(await runProbe(probeLaunch(options)), {
      interpreter: interpreter.command,
      source: interpreter.source,
      importStrategy: launchSettings.importStrategy,
      bundledLibs: options.bundledLibs,
    });
    if (!outcome.ok) {
      this.report(outcome, interpreter.source);
      return;
    }
    const info = outcome.info;
    this.log(
      `Python ${info.version.join('.')} at ${info.executable}; balmod ${info.balmod ?? '?'} from ${info.location ?? '?'} (${launchSettings.importStrategy}).`,
    );

    const spec = serverLaunch(options);
    this.log(`Starting: ${formatCommand(spec)}`);
    const serverOptions: ServerOptions = {
      command: spec.command,
      args: spec.args,
      options: { env: spec.env, cwd: spec.cwd },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR.map((filter) => ({ ...filter })),
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: serverSettingsFor(folder?.uri.toString()),
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const defaults = await next(params, token);
            if (defaults instanceof ResponseError) {
              return defaults;
            }
            return answerConfiguration(params.items, defaults, serverSettingsFor);
          },
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    this.client = client;
    this.source = interpreter.source;
    try {
      await client.start();
    } catch (error) {
      // The language client has already shown a notification with its own "Go to output" button.
      this.log(`The server failed to start: ${String(error)}`);
    }
  }

  private report(outcome: ProbeOutcome, source: InterpreterSource | undefined): void {
    if (outcome.ok) {
      return;
    }
    this.log(`${outcome.message} Fix: ${outcome.fix}`);
    const actions = ['Open Settings', 'Show Log'];
    const pythonInstalled = extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined;
    if (pythonInstalled && source !== 'setting') {
      actions.unshift('Select Interpreter');
    }
    void window.showErrorMessage(`${outcome.message} ${outcome.fix}`, ...actions).then((choice) => {
      if (choice === 'Open Settings') {
        void commands.executeCommand('workbench.action.openSettings', `${SECTION}.server`);
      } else if (choice === 'Select Interpreter') {
        void commands.executeCommand('python.setInterpreter');
      } else if (choice === 'Show Log') {
        this.output.show(true);
      }
    });
  }
}
