/**
 * package.json and the code must agree: every setting the code reads is
 * declared, every declared setting is read or acted on, every command is
 * registered, and the document selector matches the manifests.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import { DOCUMENT_SELECTOR, MANIFEST_PATTERN } from '../core/selector';
import { RESTART_KEYS, SECTION, SERVER_KEYS, toLaunchSettings, toServerSettings } from '../core/settings';
import { CLIENT_ROOT } from '../testing/paths';

interface Manifest {
  version: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    languages: { id: string; extensions: string[] }[];
    grammars: { language: string; scopeName: string; path: string }[];
    commands: { command: string }[];
    configuration: { properties: Record<string, { default?: unknown; enum?: string[] }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(CLIENT_ROOT, 'package.json'), 'utf8')) as Manifest;
const declared = manifest.contributes.configuration.properties;

/** Every key below `balmod.` the settings functions read. */
function keysRead(): string[] {
  const keys: string[] = [];
  const record = (key: string): unknown => {
    keys.push(`${SECTION}.${key}`);
    return undefined;
  };
  const vars = { homeDir: '/h', env: {} };
  toServerSettings(record, vars);
  toLaunchSettings(record, vars);
  return keys;
}

describe('package.json', () => {
  test('declares every setting the code reads', () => {
    for (const key of keysRead()) {
      assert.ok(key in declared, `${key} is read but not declared`);
    }
  });

  test('every declared setting is read, restarts the server, or is the trace level', () => {
    const handled = new Set([...keysRead(), ...RESTART_KEYS, ...SERVER_KEYS, `${SECTION}.trace.server`]);
    for (const key of Object.keys(declared)) {
      assert.ok(handled.has(key), `${key} is declared but nothing uses it`);
    }
    for (const key of [...RESTART_KEYS, ...SERVER_KEYS]) {
      assert.ok(key in declared, `${key} is watched but not declared`);
    }
  });

  test('defaults agree with the code', () => {
    const fromDefaults = (key: string): unknown => declared[`${SECTION}.${key}`]?.default;
    const vars = { homeDir: '/h', env: {} };
    assert.deepEqual(
      toServerSettings(fromDefaults, vars),
      toServerSettings(() => undefined, vars),
    );
    assert.deepEqual(
      toLaunchSettings(fromDefaults, vars),
      toLaunchSettings(() => undefined, vars),
    );
    assert.deepEqual(declared[`${SECTION}.server.importStrategy`]?.enum, ['useBundled', 'fromEnvironment']);
  });

  test('every contributed command is registered by the extension', () => {
    const source = fs.readFileSync(path.join(CLIENT_ROOT, 'src', 'extension.ts'), 'utf8');
    assert.ok(manifest.contributes.commands.some((c) => c.command === 'balmod.restart'));
    for (const { command } of manifest.contributes.commands) {
      assert.ok(source.includes(`registerCommand('${command}'`), `${command} is not registered`);
    }
  });

  test('activates for Ballerina files and Ballerina workspaces, with the language and grammar', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage:ballerina'));
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/Ballerina.toml'));
    assert.deepEqual(
      manifest.contributes.languages.map((l) => [l.id, l.extensions]),
      [['ballerina', ['.bal']]],
    );
    const grammar = manifest.contributes.grammars[0];
    assert.equal(grammar?.language, 'ballerina');
    assert.ok(fs.existsSync(path.join(CLIENT_ROOT, grammar.path)));
    assert.equal(manifest.main, './dist/extension.js');
  });

  test('@types/vscode is not newer than engines.vscode (vsce refuses that)', () => {
    const engine = /(\d+)\.(\d+)/.exec(manifest.engines.vscode);
    const types = /(\d+)\.(\d+)/.exec(manifest.devDependencies['@types/vscode'] ?? '');
    assert.ok(engine !== null && types !== null);
    assert.ok(
      Number(types[1]) < Number(engine[1]) ||
        (types[1] === engine[1] && Number(types[2]) <= Number(engine[2])),
    );
  });
});

describe('document selector', () => {
  test('covers Ballerina files, manifests as toml, and manifests without a toml language', () => {
    assert.ok(DOCUMENT_SELECTOR.some((f) => f.language === 'ballerina' && f.scheme === 'file'));
    assert.ok(DOCUMENT_SELECTOR.some((f) => f.language === 'toml' && f.pattern === MANIFEST_PATTERN));
    assert.ok(
      DOCUMENT_SELECTOR.some(
        (f) => f.language === undefined && f.scheme === 'file' && f.pattern === MANIFEST_PATTERN,
      ),
    );
  });

  test('the manifest pattern matches exactly the manifests and the 1.x lock, at any depth', () => {
    const matches = (file: string): boolean => path.posix.matchesGlob(file, MANIFEST_PATTERN);
    assert.ok(matches('/work/hello/Ballerina.toml'));
    assert.ok(matches('/work/ws/pkg/Dependencies.toml'));
    assert.ok(matches('/work/legacy/Ballerina.lock'));
    assert.ok(!matches('/work/legacy/Ballerina.lock.bak'));
    assert.ok(!matches('/work/hello/Config.toml'));
    assert.ok(!matches('/work/hello/ballerina.toml.bak'));
    assert.ok(!matches('/work/hello/MyBallerina.toml'));
  });
});
