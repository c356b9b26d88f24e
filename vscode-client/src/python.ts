/**
 * The Python extension (ms-python.python) as an interpreter source. Only the
 * few members used here are typed, structurally, to avoid a dependency on the
 * extension's npm facade.
 */
import { extensions, type Disposable, type Event, type Uri } from 'vscode';

export const PYTHON_EXTENSION_ID = 'ms-python.python';

interface EnvironmentPath {
  readonly id: string;
  readonly path: string;
}

interface ResolvedEnvironment {
  readonly executable: { readonly uri: Uri | undefined };
}

interface PythonExtensionApi {
  readonly ready?: Promise<void>;
  readonly environments?: {
    getActiveEnvironmentPath(resource?: Uri): EnvironmentPath;
    resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    readonly onDidChangeActiveEnvironmentPath?: Event<unknown>;
  };
}

async function pythonApi(): Promise<PythonExtensionApi | undefined> {
  const extension = extensions.getExtension<PythonExtensionApi | undefined>(PYTHON_EXTENSION_ID);
  if (extension === undefined) {
    return undefined;
  }
  const api = extension.isActive ? extension.exports : await extension.activate();
  if (api?.ready !== undefined) {
    await api.ready;
  }
  return api;
}

/** The active environment's interpreter for `resource`, or undefined. */
export async function activeInterpreter(resource: Uri | undefined): Promise<string | undefined> {
  const environments = (await pythonApi())?.environments;
  if (environments === undefined) {
    return undefined;
  }
  const environmentPath = environments.getActiveEnvironmentPath(resource);
  const resolved = await environments.resolveEnvironment(environmentPath);
  // An environment without an interpreter (e.g. an empty conda env) cannot run the server.
  return resolved?.executable.uri?.fsPath;
}

/** Subscribes to interpreter changes when the Python extension is installed. */
export async function onActiveInterpreterChanged(listener: () => void): Promise<Disposable | undefined> {
  const environments = (await pythonApi())?.environments;
  return environments?.onDidChangeActiveEnvironmentPath?.(() => {
    listener();
  });
}
