import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { stubProgram } from './stub-program';
import type { ToolBackend, ToolCall, ToolReply } from './tool-call';

export interface ToolStubs {
  /** Put first on PATH: one executable per stubbed tool. */
  binDir: string;
  /** Every call so far, in the order the stubs made them. */
  calls: ToolCall[];
  /** Ends held programs (killing stubs still alive), stops the server and removes binDir. */
  close(): Promise<void>;
}

interface Held {
  hold: NonNullable<ToolReply['hold']>;
  pid: number;
}

/**
 * Executables named after `tools` that hand every call to `backend`, running in this process,
 * through a localhost HTTP server: a stub started by a child of another stub (the rollout CLI
 * calling helm) reaches the same backend, and concurrent calls are concurrent requests.
 */
export async function createToolStubs(tools: string[], backend: ToolBackend): Promise<ToolStubs> {
  const calls: ToolCall[] = [];
  const held = new Map<number, Held>();
  let nextHoldId = 1;

  const answer = async (route: string | undefined, body: Record<string, unknown>): Promise<unknown> => {
    if (route === '/release') {
      const entry = held.get(Number(body.holdId));
      held.delete(Number(body.holdId));
      await entry?.hold.close();
      return {};
    }
    const { pid, ...call } = body as unknown as ToolCall & { pid: number };
    calls.push(call);
    let reply: ToolReply;
    try {
      reply = await backend(call);
    } catch (error) {
      // A backend bug must fail the calling step visibly, not hang it.
      reply = { code: 70, stdout: '', stderr: `${call.tool} (test stub): the backend threw: ${(error as Error).stack ?? String(error)}\n` };
    }
    const { hold, ...printed } = reply;
    if (!hold) return printed;
    const holdId = nextHoldId++;
    held.set(holdId, { hold, pid });
    return { ...printed, holdId };
  };

  const server = http.createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      void answer(request.url, JSON.parse(text) as Record<string, unknown>).then((result) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(result));
      });
    });
  });
  // A stubbed call lasts as long as the backend's answer (a whole rollout for `npx courier`).
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-tool-stubs-'));
  for (const tool of tools) fs.writeFileSync(path.join(binDir, tool), stubProgram(tool, port), { mode: 0o755 });

  return {
    binDir,
    calls,
    async close() {
      for (const [holdId, { hold, pid }] of [...held]) {
        held.delete(holdId);
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await hold.close();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(binDir, { recursive: true, force: true });
    },
  };
}
