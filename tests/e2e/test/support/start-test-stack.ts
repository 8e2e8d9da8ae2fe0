import { findFreePort } from '@courier/testenv';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalStack } from '../../../../tools/stack/src/local-stack';
import type { StackOptions } from '../../../../tools/stack/src/stack-options';

export interface TestStack {
  stack: LocalStack;
  options: StackOptions;
  close(): Promise<void>;
}

/** `npm start`'s stack on free ports, from the built services, on the test database. */
export async function startTestStack(): Promise<TestStack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'courier-stack-'));
  const port = () => findFreePort();
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
    badV2: undefined,
    databaseUrl: process.env.DATABASE_URL,
    skipBuild: true,
  };
  const stack = new LocalStack(options, { print: () => undefined, useColour: false });
  await stack.start();
  return {
    stack,
    options,
    async close() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
