/** Where things are when the compiled tests run from `out/test/`. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { findOnPath } from '../core/interpreter';

export const CLIENT_ROOT = path.resolve(__dirname, '..', '..');
export const REPO_ROOT = path.resolve(CLIENT_ROOT, '..');
export const BUNDLED_LIBS = path.join(CLIENT_ROOT, 'bundled', 'libs');

/**
 * The interpreter the tests run the server with: `BALMOD_TEST_PYTHON`, else
 * the repository's `.venv`, else python3 on PATH.
 */
export function testPython(): string {
  const fromEnv = process.env['BALMOD_TEST_PYTHON'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return fromEnv;
  }
  const venv =
    process.platform === 'win32'
      ? path.join(REPO_ROOT, '.venv', 'Scripts', 'python.exe')
      : path.join(REPO_ROOT, '.venv', 'bin', 'python');
  if (fs.existsSync(venv)) {
    return venv;
  }
  return (
    findOnPath('python3', {
      pathVar: process.env['PATH'],
      platform: process.platform,
      pathExt: process.env['PATHEXT'],
    }) ?? 'python3'
  );
}
