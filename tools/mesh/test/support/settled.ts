import { setTimeout as sleep } from 'node:timers/promises';

/** Waits until a count stops changing: mirrored copies are fire-and-forget, so they may land after the primaries. */
export async function settled(read: () => number): Promise<number> {
  let previous = -1;
  while (read() !== previous) {
    previous = read();
    await sleep(100);
  }
  return previous;
}
