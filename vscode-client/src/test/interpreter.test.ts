import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import { discoverInterpreter, findOnPath, type DiscoveryInputs } from '../core/interpreter';

function inputs(overrides: Partial<DiscoveryInputs>): DiscoveryInputs {
  return {
    setting: [],
    pythonExtension: () => Promise.resolve(undefined),
    findOnPath: () => undefined,
    ...overrides,
  };
}

describe('discoverInterpreter', () => {
  test('the setting wins and the Python extension is not asked', async () => {
    let asked = false;
    const found = await discoverInterpreter(
      inputs({
        setting: ['py', '-3.12'],
        pythonExtension: () => {
          asked = true;
          return Promise.resolve('/env/bin/python');
        },
        findOnPath: () => '/usr/bin/python3',
      }),
    );
    assert.deepEqual(found, { command: ['py', '-3.12'], source: 'setting' });
    assert.equal(asked, false);
  });

  test("the Python extension's interpreter comes before PATH", async () => {
    const found = await discoverInterpreter(
      inputs({
        pythonExtension: () => Promise.resolve('/env/bin/python'),
        findOnPath: () => '/usr/bin/python3',
      }),
    );
    assert.deepEqual(found, { command: ['/env/bin/python'], source: 'pythonExtension' });
  });

  test('PATH is tried last, python3 before python', async () => {
    const looked: string[] = [];
    const found = await discoverInterpreter(
      inputs({
        findOnPath: (name) => {
          looked.push(name);
          return name === 'python' ? '/usr/bin/python' : undefined;
        },
      }),
    );
    assert.deepEqual(found, { command: ['/usr/bin/python'], source: 'path' });
    assert.deepEqual(looked, ['python3', 'python']);
  });

  test('a failing or empty Python extension falls through to PATH', async () => {
    for (const pythonExtension of [() => Promise.reject(new Error('not ready')), () => Promise.resolve('')]) {
      const found = await discoverInterpreter(
        inputs({ pythonExtension, findOnPath: () => '/usr/bin/python3' }),
      );
      assert.deepEqual(found, { command: ['/usr/bin/python3'], source: 'path' });
    }
  });

  test('nothing found anywhere gives undefined', async () => {
    assert.equal(await discoverInterpreter(inputs({})), undefined);
  });
});

describe('findOnPath', () => {
  test('finds the first executable file on a real PATH and skips the rest', (t) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'balmod-path-'));
    t.after(() => {
      fs.rmSync(root, { recursive: true, force: true });
    });
    const [empty, notExecutable, dirOnly, good, later] = ['empty', 'noexec', 'dir', 'good', 'later'].map(
      (name) => {
        const dir = path.join(root, name);
        fs.mkdirSync(dir);
        return dir;
      },
    ) as [string, string, string, string, string];
    fs.writeFileSync(path.join(notExecutable, 'python3'), '#!/bin/sh\n', { mode: 0o644 });
    fs.mkdirSync(path.join(dirOnly, 'python3'));
    fs.writeFileSync(path.join(good, 'python3'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(later, 'python3'), '#!/bin/sh\n', { mode: 0o755 });

    const pathVar = [empty, '', notExecutable, dirOnly, good, later].join(':');
    if (process.platform !== 'win32') {
      assert.equal(findOnPath('python3', { pathVar, platform: 'linux' }), path.join(good, 'python3'));
    }
    assert.equal(findOnPath('python3', { pathVar: empty, platform: 'linux' }), undefined);
    assert.equal(findOnPath('python3', { pathVar: undefined, platform: 'linux' }), undefined);
  });

  test('on Windows tries PATHEXT extensions with ; as the separator', () => {
    const seen: string[] = [];
    const found = findOnPath('python', {
      pathVar: 'C:\\Tools;C:\\Python312',
      platform: 'win32',
      pathExt: '.COM;.EXE',
      isExecutableFile: (candidate) => {
        seen.push(candidate);
        return candidate === 'C:\\Python312\\python.exe';
      },
    });
    assert.equal(found, 'C:\\Python312\\python.exe');
    assert.deepEqual(seen, [
      'C:\\Tools\\python',
      'C:\\Tools\\python.com',
      'C:\\Tools\\python.exe',
      'C:\\Python312\\python',
      'C:\\Python312\\python.com',
      'C:\\Python312\\python.exe',
    ]);
  });
});
