import type { StackClient } from '../stack-client';

export const LOAD_USAGE = 'Usage: courier load <requests per second>   (0 stops it; the control room has the same switch)';

/** `courier load 20`: the stack's load generator, customer journeys through the gateway. */
export async function loadCommand(stack: StackClient, args: string[], print: (line: string) => void): Promise<number> {
  const [rps, ...extra] = args;
  if (rps === undefined || extra.length > 0) return print(LOAD_USAGE), 1;
  if (!/^\d+$/.test(rps)) throw new Error(`load: "${rps}" is not a whole number of requests per second`);
  await stack.setLoad(Number(rps));
  print(Number(rps) === 0 ? 'Load off.' : `Load on: ${rps} customer journeys a second through the gateway.`);
  return 0;
}
