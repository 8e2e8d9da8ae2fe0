import { spawnSync } from 'node:child_process';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeVersionProblem } = require('../../node-version-guard.js') as { nodeVersionProblem: (running: string, nvmrc: string) => string | undefined };

describe('the Node.js version guard of every workspace command', () => {
  it('accepts the .nvmrc major and later ones', () => {
    expect(nodeVersionProblem('v24.22.3', '24\n')).toBeUndefined();
    expect(nodeVersionProblem('v26.1.0', '24\n')).toBeUndefined();
  });

  it('refuses an older Node.js, naming the version and the fix', () => {
    expect(nodeVersionProblem('v20.20.2', '24\n')).toBe(
      'Courier needs Node.js 24 or later (.nvmrc), and this is Node.js v20.20.2. Install Node.js 24 (`nvm install` in this folder reads .nvmrc) and run the command again.',
    );
    expect(nodeVersionProblem('v22.12.0', '24')).toMatch(/^Courier needs Node.js 24 or later/);
  });

  it('runs before the tool: `npm start` on an old Node.js stops at once with that message', () => {
    // The child pretends to be Node.js 20, then loads the `npm start` launcher as npm would.
    const pretend = `Object.defineProperty(process, 'version', { value: 'v20.20.2' }); process.argv.splice(1, 0, 'courier-stack'); require(${JSON.stringify(path.resolve(__dirname, '../bin/courier-stack.js'))});`;
    const result = spawnSync(process.execPath, ['-e', pretend, '--', '--dry-run'], { encoding: 'utf8' });
    expect({ status: result.status, stderr: result.stderr, stdout: result.stdout }).toEqual({
      status: 1,
      stderr: expect.stringMatching(/^Courier needs Node.js 24 or later \(.nvmrc\), and this is Node.js v20.20.2\./),
      stdout: '',
    });
  }, 60_000);
});
