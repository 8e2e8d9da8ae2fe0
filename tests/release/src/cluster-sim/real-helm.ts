import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveKubernetesTool } from '@courier/cluster';
import type { ToolReply } from './tool-call';

/**
 * The real helm binary, with its own config, cache and data directories (so neither the user's
 * repositories nor a test's HELM_* variables change what it does). Run asynchronously: the
 * simulator's port-forward servers keep answering while helm renders.
 */
export class RealHelm {
  readonly home: string;
  private readonly binary: string;

  constructor(workspaceRoot: string, binary?: string) {
    // Resolved once, from the test process's PATH: a tool stub put on a child's PATH is never this.
    this.binary = binary ?? resolveKubernetesTool('helm', workspaceRoot).path;
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-cluster-sim-helm-'));
  }

  run(args: readonly string[], cwd: string): Promise<ToolReply> {
    const env = {
      ...process.env,
      HELM_CONFIG_HOME: path.join(this.home, 'config'),
      HELM_CACHE_HOME: path.join(this.home, 'cache'),
      HELM_DATA_HOME: path.join(this.home, 'data'),
    };
    return new Promise((resolve) => {
      execFile(this.binary, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: error && !stderr ? `${error.message}\n` : stderr });
      });
    });
  }

  /** A scratch file under the private home, for values handed to helm. */
  writeScratch(name: string, content: string | Uint8Array): string {
    const dir = fs.mkdtempSync(path.join(this.home, 'scratch-'));
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  }

  close(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
