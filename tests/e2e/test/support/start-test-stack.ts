import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LocalStack } from '../../../../tools/stack/src/local-stack';
import type { StackOptions } from '../../../../tools/stack/src/stack-options';

export interface TestStack {
  stack: LocalStack;
  options: StackOptions;
  /** The processes' last warnings and errors, for failure messages of tests that run long enough to lose them from the log. */
  problems(): string[];
  close(): Promise<void>;
}

/** `npm start`'s stack on free ports, from the built services, on the test database. */
export async function startTestStack(): Promise<TestStack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'courier-stack-'));
  const ports = await distinctFreePorts(14);
  const port = async () => ports.pop() as number;
  const options: StackOptions = {
    root: path.resolve(__dirname, '../../../..'),
    dataDir,
    ports: {
      gateway: await port(),
      meshAdmin: await port(),
      stackAdmin: await port(),
      database: await port(),
      services: { users: { v1: await port() }, delivery: { v1: await port(), v2: await port() }, web: { v1: await port() } },
      meshListeners: { web: await port(), users: await port(), delivery: await port() },
    },
    versions: { users: ['v1'], delivery: ['v1', 'v2'], web: ['v1'] },
    gatewayService: 'web',
    badV2: undefined,
    databaseUrl: process.env.DATABASE_URL,
    skipBuild: true,
    // As npm start does: every change on the three control surfaces needs this run's token.
    controlToken: randomBytes(24).toString('base64url'),
  };
  // Quiet unless it fails: then the last lines of the processes' logs explain why.
  const log: string[] = [];
  const problems: string[] = [];
  const keep = (lines: string[], line: string, most: number) => lines.push(line) > most && lines.shift();
  const print = (line: string) => {
    keep(log, line, 200);
    if (/\b(warn|error|fatal)\b/i.test(line)) keep(problems, line, 50);
  };
  const stack = new LocalStack(options, { print, useColour: false });
  try {
    await stack.start();
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- stack log ---\n${log.slice(-40).join('\n')}`);
  }
  return {
    stack,
    options,
    problems: () => [...problems],
    async close() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Free ports that are all different: each is held open until every one has been chosen. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
