/**
 * Tokenizes Ballerina with the contributed TextMate grammar, using the same
 * engine as VS Code (vscode-textmate + oniguruma).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';

import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

import { CLIENT_ROOT } from '../testing/paths';

const GRAMMAR_PATH = path.join(CLIENT_ROOT, 'syntaxes', 'ballerina.tmLanguage.json');

let grammar: textmate.IGrammar;

/** Each non-blank token of `source` as `text -> innermost scope`. */
function tokens(source: string): { text: string; scopes: string[] }[] {
  const out: { text: string; scopes: string[] }[] = [];
  let state = textmate.INITIAL;
  for (const line of source.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      const text = line.slice(token.startIndex, token.endIndex);
      if (text.trim() !== '') {
        out.push({ text, scopes: token.scopes });
      }
    }
    state = result.ruleStack;
  }
  return out;
}

function scopeOf(source: string, text: string, occurrence = 0): string[] {
  const found = tokens(source).filter((token) => token.text === text)[occurrence];
  assert.ok(found !== undefined, `no token ${JSON.stringify(text)} in ${JSON.stringify(tokens(source))}`);
  return found.scopes;
}

function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((scope) => scope.startsWith(prefix));
}

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: (scopeName: string) =>
      Promise.resolve(
        scopeName === 'source.ballerina'
          ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH)
          : null,
      ),
  });
  const loaded = await registry.loadGrammar('source.ballerina');
  assert.ok(loaded !== null);
  grammar = loaded;
});

describe('ballerina.tmLanguage.json', () => {
  test('imports: keyword, org, module parts, alias and terminator', () => {
    const source = "import ballerina/lang.'int as ints; // numbers";
    assert.ok(hasScope(scopeOf(source, 'import'), 'keyword.control.import'));
    assert.ok(hasScope(scopeOf(source, 'ballerina'), 'entity.name.namespace.org'));
    assert.ok(hasScope(scopeOf(source, 'lang'), 'entity.name.namespace.module'));
    assert.ok(hasScope(scopeOf(source, "'int"), 'entity.name.namespace.module'));
    assert.ok(hasScope(scopeOf(source, 'as'), 'keyword.control.as'));
    assert.ok(hasScope(scopeOf(source, 'ints'), 'variable.other.alias'));
    assert.ok(hasScope(scopeOf(source, ';'), 'punctuation.terminator'));
    assert.ok(hasScope(scopeOf(source, ' numbers'), 'comment.line.double-slash'));
  });

  test('an import split over lines with comments stays one import', () => {
    const source = 'import foo/ // org\n  bar.baz // module\n  as q;\npublic function main() {}';
    assert.ok(hasScope(scopeOf(source, 'foo'), 'entity.name.namespace.org'));
    assert.ok(hasScope(scopeOf(source, 'baz'), 'entity.name.namespace.module'));
    assert.ok(hasScope(scopeOf(source, 'q'), 'variable.other.alias'));
    assert.ok(hasScope(scopeOf(source, ' module'), 'comment.line'));
    assert.ok(!hasScope(scopeOf(source, 'function'), 'meta.import'));
    assert.ok(hasScope(scopeOf(source, 'function'), 'storage.type'));
  });

  test('strings, escapes and comment markers inside strings', () => {
    const source = 'string s = "a // not a comment \\" http:Client";';
    const inside = scopeOf(source, 'a // not a comment ');
    assert.ok(hasScope(inside, 'string.quoted.double'));
    assert.ok(!hasScope(inside, 'comment'));
    assert.ok(hasScope(scopeOf(source, '\\"'), 'constant.character.escape'));
  });

  test('string templates with interpolation', () => {
    const source = 'string t = string `Hello ${io:name} done`;';
    assert.ok(hasScope(scopeOf(source, 'Hello '), 'string.template'));
    assert.ok(hasScope(scopeOf(source, 'io'), 'entity.name.namespace.prefix'));
    assert.ok(hasScope(scopeOf(source, ' done'), 'string.template'));
  });

  test('keywords, qualified identifiers and documentation comments', () => {
    const source = [
      '# Greets someone.',
      '# + name - who to greet',
      'public isolated function greet(string name) returns error? {',
      '    check io:println(name);',
      '    int x = c ? a : b;',
      '}',
    ].join('\n');
    assert.ok(hasScope(scopeOf(source, ' Greets someone.'), 'comment.block.documentation'));
    assert.ok(hasScope(scopeOf(source, 'name'), 'variable.parameter.documentation'));
    assert.ok(hasScope(scopeOf(source, 'public'), 'storage.modifier'));
    assert.ok(hasScope(scopeOf(source, 'function'), 'storage.type'));
    assert.ok(hasScope(scopeOf(source, 'returns'), 'storage.type'));
    assert.ok(hasScope(scopeOf(source, 'check'), 'keyword.control'));
    assert.ok(hasScope(scopeOf(source, 'io'), 'entity.name.namespace.prefix'));
    assert.ok(hasScope(scopeOf(source, 'int'), 'support.type.primitive'));
    // `c ? a : b` has spaces around the colon: not a qualified identifier.
    assert.ok(
      !tokens(source).some((token) => token.text === 'a' && hasScope(token.scopes, 'entity.name.namespace')),
    );
  });
});
