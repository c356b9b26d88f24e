// Installs the balmod server and its dependencies into bundled/libs, for
// `balmod.server.importStrategy: useBundled`:
//   python -m pip wheel --no-deps -w <tmp> <repo root>
//   python -m pip install --target bundled/libs <wheel>
// The Python used is $BALMOD_PYTHON, else the repository's .venv, else python3.
// All dependencies are pure Python, so the bundle works on every platform.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const clientRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(clientRoot, '..');
const target = path.join(clientRoot, 'bundled', 'libs');

function defaultPython() {
  const venv =
    process.platform === 'win32'
      ? path.join(repoRoot, '.venv', 'Scripts', 'python.exe')
      : path.join(repoRoot, '.venv', 'bin', 'python');
  return fs.existsSync(venv) ? venv : process.platform === 'win32' ? 'python' : 'python3';
}

const python = process.env.BALMOD_PYTHON || defaultPython();

function run(args) {
  console.log(`$ ${python} ${args.join(' ')}`);
  const result = spawnSync(python, args, { stdio: 'inherit' });
  if (result.error) {
    throw new Error(`could not run ${python}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${python} ${args.slice(0, 3).join(' ')} ... failed with exit code ${result.status}`);
  }
}

const wheelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'balmod-wheel-'));
try {
  run(['-m', 'pip', 'wheel', '--disable-pip-version-check', '--no-deps', '--wheel-dir', wheelDir, repoRoot]);
  const wheels = fs.readdirSync(wheelDir).filter((name) => /^balmod-.*\.whl$/.test(name));
  if (wheels.length !== 1) {
    throw new Error(`expected one balmod wheel in ${wheelDir}, found: ${wheels.join(', ') || 'none'}`);
  }
  fs.rmSync(path.join(clientRoot, 'bundled'), { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  run([
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '--no-compile',
    '--only-binary',
    ':all:',
    '--target',
    target,
    path.join(wheelDir, wheels[0]),
  ]);
  // Console scripts carry the build machine's interpreter path; the extension never uses them.
  fs.rmSync(path.join(target, 'bin'), { recursive: true, force: true });
  for (const entry of fs.readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory() && entry.name === '__pycache__') {
      fs.rmSync(path.join(entry.parentPath ?? entry.path, entry.name), { recursive: true, force: true });
    }
  }
  console.log(`bundled balmod and its dependencies into ${path.relative(process.cwd(), target) || target}`);
} finally {
  fs.rmSync(wheelDir, { recursive: true, force: true });
}
