/**
 * Entry point: wires commands, settings changes and interpreter changes to
 * the server controller, and shows sources inside archives read-only.
 */
import { commands, window, workspace, type ExtensionContext } from 'vscode';

import { ARCHIVE_SCHEME } from './core/archive';
import { RESTART_KEYS, SERVER_KEYS } from './core/settings';
import { onActiveInterpreterChanged } from './python';
import { ServerController } from './server';

let controller: ServerController | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('balmod');
  const server = new ServerController(context, output);
  controller = server;
  context.subscriptions.push(
    output,
    commands.registerCommand('balmod.restart', () => server.restart()),
    commands.registerCommand('balmod.showOutput', () => {
      output.show(true);
    }),
    workspace.onDidChangeConfiguration((event) => {
      if (RESTART_KEYS.some((key) => event.affectsConfiguration(key))) {
        void server.restart();
      } else if (SERVER_KEYS.some((key) => event.affectsConfiguration(key))) {
        void server.settingsChanged();
      }
    }),
    // The first folder decides the interpreter and its settings.
    workspace.onDidChangeWorkspaceFolders(() => void server.restart()),
    // Definition into a balo or a Ceylon .src opens a member of the archive, never extracted.
    workspace.registerTextDocumentContentProvider(ARCHIVE_SCHEME, {
      provideTextDocumentContent: (uri) => server.archiveSource(uri.toString()),
    }),
  );
  const started = server.start();

  try {
    const subscription = await onActiveInterpreterChanged(() => {
      if (server.interpreterSource === 'pythonExtension' || server.interpreterSource === undefined) {
        void server.restart();
      }
    });
    if (subscription !== undefined) {
      context.subscriptions.push(subscription);
    }
  } catch (error) {
    output.appendLine(`[client] The Python extension's API is unavailable: ${String(error)}`);
  }
  await started;
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
