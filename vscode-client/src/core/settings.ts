/**
 * Settings: the user-facing `balmod.*` keys, and the shape the server reads.
 *
 * Nothing here imports `vscode`: the extension hands in a plain getter, so the
 * mapping is unit-testable under plain Node.
 */

/** The configuration section the server asks for with `workspace/configuration`. */
export const SECTION = 'balmod';

export type ImportStrategy = 'useBundled' | 'fromEnvironment';
export const IMPORT_STRATEGIES: readonly ImportStrategy[] = ['useBundled', 'fromEnvironment'];
export const DEFAULT_IMPORT_STRATEGY: ImportStrategy = 'useBundled';

/** What the server reads from `initializationOptions` and from the `balmod` section. */
export interface ServerSettings {
  ballerinaHome: string;
  userHome: string;
  diagnostics: { disable: string[] };
  inlayHints: { enable: boolean };
}

/** How the client launches the server; never sent to the server. */
export interface LaunchSettings {
  interpreter: string[];
  args: string[];
  importStrategy: ImportStrategy;
}

/**
 * Reads one key below `balmod.` (e.g. `"server.args"`); the extension passes
 * `workspace.getConfiguration('balmod', scope).get`.
 */
export type ConfigGetter = (key: string) => unknown;

/** Values used to expand `${workspaceFolder}`, `${userHome}`, `${env:NAME}` and `~`. */
export interface VariableContext {
  homeDir: string;
  workspaceFolder?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function asStringList(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.trim() === '' ? [] : [value];
  }
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((item): item is string => typeof item === 'string');
}

function asBoolean(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/**
 * Expands the variables VS Code users expect in path settings. Unknown
 * variables are left as written so the user sees them in the error message.
 */
export function expandVariables(value: string, vars: VariableContext): string {
  let result = value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === 'userHome') {
      return vars.homeDir;
    }
    if (name === 'workspaceFolder' && vars.workspaceFolder !== undefined) {
      return vars.workspaceFolder;
    }
    if (name.startsWith('env:')) {
      return vars.env[name.slice(4)] ?? '';
    }
    return whole;
  });
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = vars.homeDir + result.slice(1);
  }
  return result;
}

/** The `balmod` section as the server reads it. Codes are trimmed and de-duplicated. */
export function toServerSettings(get: ConfigGetter, vars: VariableContext): ServerSettings {
  const codes = asStringList(get('diagnostics.disable'))
    .map((code) => code.trim())
    .filter((code) => code !== '');
  return {
    ballerinaHome: expandVariables(asString(get('ballerinaHome')).trim(), vars),
    userHome: expandVariables(asString(get('userHome')).trim(), vars),
    diagnostics: { disable: [...new Set(codes)] },
    inlayHints: { enable: asBoolean(get('inlayHints.enable'), true) },
  };
}

export function toLaunchSettings(get: ConfigGetter, vars: VariableContext): LaunchSettings {
  const strategy = get('server.importStrategy');
  return {
    interpreter: asStringList(get('server.interpreter'))
      .filter((part) => part !== '')
      .map((part) => expandVariables(part, vars)),
    args: asStringList(get('server.args')),
    importStrategy: IMPORT_STRATEGIES.includes(strategy as ImportStrategy)
      ? (strategy as ImportStrategy)
      : DEFAULT_IMPORT_STRATEGY,
  };
}

/** One item of a `workspace/configuration` request. */
export interface ConfigurationItemLike {
  scopeUri?: string | null | undefined;
  section?: string | null | undefined;
}

/**
 * Answers a `workspace/configuration` request: items asking for `balmod` (or a
 * key below it, e.g. `balmod.diagnostics`) get the server-shaped settings for
 * their scope; every other item keeps the answer VS Code's default handler gave.
 */
export function answerConfiguration(
  items: readonly ConfigurationItemLike[],
  defaults: readonly unknown[],
  settingsFor: (scopeUri: string | undefined) => ServerSettings,
): unknown[] {
  return items.map((item, index) => {
    const section = item.section ?? '';
    if (section !== SECTION && !section.startsWith(`${SECTION}.`)) {
      return defaults[index] ?? null;
    }
    let value: unknown = settingsFor(item.scopeUri ?? undefined);
    for (const key of section.split('.').slice(1)) {
      value =
        value !== null && typeof value === 'object' && key in value
          ? (value as Record<string, unknown>)[key]
          : null;
    }
    return value;
  });
}

/** Keys whose change needs a new server process rather than a re-read of settings. */
export const RESTART_KEYS: readonly string[] = [
  `${SECTION}.server.interpreter`,
  `${SECTION}.server.args`,
  `${SECTION}.server.importStrategy`,
];

/** Keys the server re-reads after `workspace/didChangeConfiguration`. */
export const SERVER_KEYS: readonly string[] = [
  `${SECTION}.ballerinaHome`,
  `${SECTION}.userHome`,
  `${SECTION}.diagnostics.disable`,
  `${SECTION}.inlayHints.enable`,
];
