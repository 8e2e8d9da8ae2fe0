import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { workspaceClosure } = require('../../run-from-build.js') as { workspaceClosure: (projectRoot: string) => string[] };

const WORKSPACE = path.resolve(__dirname, '../../..');
const SWC_BUILD = path.join(WORKSPACE, 'tools/swc-build.js');

describe('`npm start` runs the stack from its build', () => {
  it('compiles the stack with every workspace library it imports, directly or through another', () => {
    const roots = workspaceClosure(path.join(WORKSPACE, 'tools/stack')).map((root) => path.relative(WORKSPACE, root));
    expect(roots[0]).toBe('tools/stack');
    // service-kit is reached only through db, and contracts through several.
    expect(new Set(roots)).toEqual(new Set(['tools/stack', 'tools/cluster', 'libs/contracts', 'libs/db', 'libs/service-kit', 'tools/loadgen', 'tools/mesh', 'tools/rollout', 'tools/testenv']));
  });

  describe('tools/swc-build.js, which compiles it on every start', () => {
    let project: string;
    const build = () => spawnSync(process.execPath, [SWC_BUILD, '--quiet', project], { encoding: 'utf8' });

    beforeEach(() => {
      project = mkdtempSync(path.join(os.tmpdir(), 'courier-swc-build-'));
      cpSync(path.join(WORKSPACE, 'libs/contracts/src'), path.join(project, 'src'), { recursive: true });
    });
    afterEach(() => rmSync(project, { recursive: true, force: true }));

    it('leaves unchanged outputs alone, so a stack loading them while another starts never reads a half-written file', () => {
      expect(build()).toMatchObject({ status: 0, stdout: '' });
      const output = path.join(project, 'dist/index.js');
      const before = statSync(output);
      expect(build().status).toBe(0);
      const after = statSync(output);
      expect({ inode: after.ino, modified: after.mtimeMs }).toEqual({ inode: before.ino, modified: before.mtimeMs });
    });

    it('replaces a changed output with a new file and removes the output of a deleted source', () => {
      writeFileSync(path.join(project, 'src/extra.ts'), 'export const extra = 1;\n');
      expect(build().status).toBe(0);
      const before = statSync(path.join(project, 'dist/extra.js'));
      writeFileSync(path.join(project, 'src/extra.ts'), 'export const extra = 2;\n');
      expect(build().status).toBe(0);
      expect(readFileSync(path.join(project, 'dist/extra.js'), 'utf8')).toContain('extra = 2');
      // A rename, not a rewrite in place: a reader holding the old file still reads it whole.
      expect(statSync(path.join(project, 'dist/extra.js')).ino).not.toBe(before.ino);

      rmSync(path.join(project, 'src/extra.ts'));
      expect(build().status).toBe(0);
      expect(() => statSync(path.join(project, 'dist/extra.js'))).toThrow(/ENOENT/);
      expect(() => statSync(path.join(project, 'dist/extra.js.map'))).toThrow(/ENOENT/);
    });
  });
});
