import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipelineToolBackend } from '../src/pipeline-executor';
import type { ToolCall, ToolReply } from '../src/tool-stubs';

describe('what the stubbed tools do in a pipeline run', () => {
  const clusterCalls: ToolCall[] = [];
  const backend = pipelineToolBackend(async (call): Promise<ToolReply> => {
    clusterCalls.push(call);
    return { code: 5, stdout: 'from the cluster', stderr: '' };
  });
  const call = (tool: string, args: string[], cwd = os.tmpdir(), env: Record<string, string> = {}): ToolCall => ({ tool, args, cwd, env });

  it('sends helm and kubectl to the cluster and returns its answer as is', async () => {
    expect(await backend(call('helm', ['status', 'users']))).toEqual({ code: 5, stdout: 'from the cluster', stderr: '' });
    expect(await backend(call('kubectl', ['get', 'ns']))).toMatchObject({ code: 5 });
    expect(clusterCalls.map((c) => c.tool)).toEqual(['helm', 'kubectl']);
  });

  it('records builds, installs, scans and Azure logins as successes; az hands a token to --password-stdin', async () => {
    for (const [tool, args] of [['npm', ['ci']], ['npx', ['nx', 'affected', '-t', 'test']], ['docker', ['buildx', 'build']], ['trivy', ['image', 'x']], ['az', ['aks', 'get-credentials']]] as const) {
      expect(await backend(call(tool, [...args]))).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    expect((await backend(call('az', ['acr', 'login', '--name', 'couriercr', '--expose-token']))).stdout).not.toBe('');
  });

  it('refuses what it does not model, loudly', async () => {
    expect(await backend(call('npm', ['install', 'left-pad']))).toMatchObject({ code: 127, stderr: expect.stringContaining('npm install left-pad: not modelled') });
    expect(await backend(call('npx', ['prettier', '--write']))).toMatchObject({ code: 127 });
  });

  it('runs npx courier as the checkout’s own rollout CLI, in the caller’s directory with the caller’s environment', async () => {
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-checkout-'));
    try {
      const cli = path.join(checkout, 'tools/rollout/bin/courier.js');
      fs.mkdirSync(path.dirname(cli), { recursive: true });
      fs.writeFileSync(cli, "console.log(JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), marker: process.env.STEP_MARKER })); process.exitCode = 2;\n");
      const cwd = path.join(checkout, 'services');
      fs.mkdirSync(cwd);
      const reply = await backend(call('npx', ['courier', 'rollout', 'canary', 'users', '--to', 'v1.2.3'], cwd, { PATH: process.env.PATH ?? '', STEP_MARKER: 'from-the-step' }));
      expect(reply.code).toBe(2);
      expect(JSON.parse(reply.stdout)).toEqual({ args: ['rollout', 'canary', 'users', '--to', 'v1.2.3'], cwd: fs.realpathSync(cwd), marker: 'from-the-step' });
      expect(await backend(call('npx', ['courier', 'rollout'], os.tmpdir()))).toMatchObject({ code: 1, stderr: expect.stringContaining('no tools/rollout') });
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });
});
