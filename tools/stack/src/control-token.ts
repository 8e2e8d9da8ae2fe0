import { CONTROL_TOKEN_FILE } from '@courier/rollout';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Long enough that guessing it over loopback is hopeless: 256 bits once generated, 32 characters when chosen. */
const MIN_CHOSEN_LENGTH = 32;

/**
 * This run's control token: COURIER_CONTROL_TOKEN when set (a team running several stacks may want
 * one it knows), a fresh random one otherwise, or none with CONTROL_AUTH=off.
 */
export function controlTokenFrom(env: NodeJS.ProcessEnv): string | undefined {
  const auth = env.CONTROL_AUTH;
  if (auth !== undefined && auth !== '' && auth !== 'on' && auth !== 'off') {
    throw new Error(`CONTROL_AUTH must be "on" or "off" (got "${auth}"). Fix: unset it, or CONTROL_AUTH=off to drive the stack without a token`);
  }
  if (auth === 'off') return undefined;
  const chosen = env.COURIER_CONTROL_TOKEN;
  if (chosen !== undefined && chosen !== '') {
    if (chosen.length < MIN_CHOSEN_LENGTH || /\s/.test(chosen)) {
      throw new Error(`COURIER_CONTROL_TOKEN must be at least ${MIN_CHOSEN_LENGTH} characters with no spaces. Fix: COURIER_CONTROL_TOKEN=$(openssl rand -hex 24), or unset it for a random one per run`);
    }
    return chosen;
  }
  return randomBytes(32).toString('base64url');
}

/** Where the CLI finds the token: `<data dir>/control-token`, readable by its owner only. */
export function controlTokenPath(dataDir: string): string {
  return path.join(dataDir, CONTROL_TOKEN_FILE);
}

/** Writes the token for `npx courier rollout` (0600: other users on the machine cannot read it). */
export async function publishControlToken(dataDir: string, token: string | undefined): Promise<void> {
  const file = controlTokenPath(dataDir);
  if (token === undefined) return rm(file, { force: true });
  await rm(file, { force: true }); // a fresh file gets the mode; writeFile keeps an old file's
  await writeFile(file, `${token}\n`, { mode: 0o600 });
}

/** Removes the token file when the stack stops: a stopped stack's token opens nothing. */
export function withdrawControlToken(dataDir: string): Promise<void> {
  return rm(controlTokenPath(dataDir), { force: true });
}
