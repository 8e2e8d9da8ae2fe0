import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ok, type ToolBackend, type ToolCall, type ToolReply } from '../tool-stubs';

/** The programs a pipeline step may call, all stubbed. */
export const PIPELINE_TOOLS = ['helm', 'kubectl', 'kubelogin', 'az', 'docker', 'trivy', 'npm', 'npx'];

const notModelled = (call: ToolCall): ToolReply => ({ code: 127, stdout: '', stderr: `${call.tool} ${call.args.join(' ')}: not modelled by the pipeline executor\n` });

/** The workspace a command runs in: the nearest directory up from cwd with the rollout CLI (the checkout). */
function rolloutCli(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const cli = path.join(dir, 'tools/rollout/bin/courier.js');
    if (fs.existsSync(cli)) return cli;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The real rollout CLI of the checkout, run by this Node with the caller's environment, so its
 * helm and kubectl are the stubs (first on the caller's PATH) and reach the simulated cluster.
 */
function runRolloutCli(call: ToolCall): Promise<ToolReply> {
  const cli = rolloutCli(call.cwd);
  if (!cli) return Promise.resolve({ code: 1, stdout: '', stderr: `npx courier: no tools/rollout in ${call.cwd} or above\n` });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...call.args.slice(1)], { cwd: call.cwd, env: call.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ code: 1, stdout, stderr: `${stderr}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/**
 * What each stubbed program does in a pipeline run: helm and kubectl go to the cluster (the
 * simulator); `npx courier` is the real rollout CLI; builds, installs, scans and Azure logins are
 * recorded and succeed (the workspace is installed already, and no image is built here).
 */
export function pipelineToolBackend(cluster: ToolBackend): ToolBackend {
  return async (call) => {
    switch (call.tool) {
      case 'helm':
      case 'kubectl':
        return cluster(call);
      case 'az':
        // `az acr login --expose-token` feeds `helm registry login --password-stdin`.
        return ok(call.args.includes('--expose-token') ? 'stub-acr-access-token\n' : '');
      case 'docker':
      case 'trivy':
        return ok();
      case 'kubelogin':
        // Rewrites the kubeconfig's credentials; the simulated cluster has no sign-in.
        return call.args[0] === 'convert-kubeconfig' ? ok() : notModelled(call);
      case 'npm':
        return call.args[0] === 'ci' ? ok() : notModelled(call);
      case 'npx':
        if (call.args[0] === 'nx') return ok();
        if (call.args[0] === 'courier') return runRolloutCli(call);
        return notModelled(call);
      default:
        return notModelled(call);
    }
  };
}
