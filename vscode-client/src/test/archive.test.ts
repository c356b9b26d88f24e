/**
 * `balmod-archive:` documents: the request the content provider makes, its
 * errors, and the real server answering definition into a 1.x balo with such
 * a URI whose text it then gives (also in the form VS Code re-encodes it to).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';

import { ARCHIVE_SCHEME, ARCHIVE_SOURCE_REQUEST, readArchiveSource } from '../core/archive';
import { LspSession } from '../testing/lspSession';
import { REPO_ROOT, testPython } from '../testing/paths';

const URI = 'balmod-archive:///repo/m.balo/src/m/a.bal';

describe('readArchiveSource', () => {
  test('asks balmod/archiveSource for the uri and returns the text', async () => {
    const asked: [string, unknown][] = [];
    const text = await readArchiveSource((method, params) => {
      asked.push([method, params]);
      return Promise.resolve({ text: 'public function f() {}\n' });
    }, URI);
    assert.equal(text, 'public function f() {}\n');
    assert.deepEqual(asked, [[ARCHIVE_SOURCE_REQUEST, { uri: URI }]]);
  });

  test("a refusal rejects with the server's message", async () => {
    await assert.rejects(
      readArchiveSource(() => Promise.reject(new Error('-32803: /repo/m.balo has no member')), URI),
      { message: `balmod cannot show ${URI}: -32803: /repo/m.balo has no member` },
    );
  });

  test('an answer without text rejects', async () => {
    for (const answer of [null, {}, { text: 3 }, 'text']) {
      await assert.rejects(
        readArchiveSource(() => Promise.resolve(answer), URI),
        /the server answered/,
        JSON.stringify(answer),
      );
    }
  });
});

interface LocationLike {
  uri: string;
  range: { start: { line: number; character: number } };
}

describe('the real server', () => {
  test(
    'definition into a balo is a balmod-archive URI whose text it gives',
    { timeout: 60_000 },
    async (t) => {
      const python = testPython();
      const base = fs.mkdtempSync(path.join(os.tmpdir(), 'balmod-archive-test-'));
      t.after(() => {
        fs.rmSync(base, { recursive: true, force: true });
      });
      const legacy = path.join(base, 'with space and 100%', 'legacy');
      fs.cpSync(path.join(REPO_ROOT, 'examples', 'legacy'), legacy, { recursive: true });
      const child = spawn(python, ['-m', 'balmod', 'serve'], { cwd: base, stdio: 'pipe' });
      const session = new LspSession(child, () => null);
      t.after(() => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill();
        }
      });
      try {
        await session.request('initialize', {
          processId: process.pid,
          rootUri: null,
          capabilities: { general: { positionEncodings: ['utf-16'] } },
          initializationOptions: {
            ballerinaHome: path.join(legacy, 'ballerina-home'),
            userHome: path.join(legacy, 'user-home'),
          },
        });
      } catch (error) {
        if (session.stderr.includes('No module named balmod')) {
          t.skip(`balmod is not importable by ${python}; set BALMOD_TEST_PYTHON`);
          return;
        }
        throw error;
      }
      session.notify('initialized', {});
      const file = path.join(legacy, 'greeter', 'greetings', 'greetings.bal');
      const text = fs.readFileSync(file, 'utf8');
      const uri = pathToFileURL(file).href;
      session.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'ballerina', version: 1, text },
      });
      const offset = text.indexOf('tw:shorten') + 4;
      const line = text.slice(0, offset).split('\n').length - 1;
      const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
      const found = (await session.request('textDocument/definition', {
        textDocument: { uri },
        position: { line, character },
      })) as LocationLike[];
      assert.equal(found.length, 1, JSON.stringify(found));
      const target = found[0];
      assert.ok(target !== undefined && target.uri.startsWith(`${ARCHIVE_SCHEME}:///`), target?.uri);
      const send = (method: string, params: unknown): Promise<unknown> => session.request(method, params);
      const source = await readArchiveSource(send, target.uri);
      const declared = source.split('\n')[target.range.start.line] ?? '';
      assert.ok(declared.slice(target.range.start.character).startsWith('shorten('), declared);
      // VS Code's Uri.toString() drops the empty authority; the server reads the same member.
      assert.equal(await readArchiveSource(send, target.uri.replace(':///', ':/')), source);
      await assert.rejects(readArchiveSource(send, target.uri.replace(/[^/]+$/, 'none.bal')), /-32803/);
      assert.equal(await session.request('shutdown', null), null);
      session.notify('exit', null);
      assert.equal((await session.exited).code, 0, session.stderr);
    },
  );
});
