import { parseArgs } from 'node:util';
import { FaultSettingsSchema, type FaultSettings } from '@courier/contracts';
import { parseDuration } from '@courier/mesh';
import type { StackClient } from '../stack-client';

export const FAULTS_USAGE = 'Usage: courier faults <service> <version> [--error-rate 0..1] [--delay 300ms]   (0 and 0ms turn them off)';

/** The faults in words, as the lab texts quote them. */
export function describeFaults(service: string, version: string, { errorRate, delayMs }: FaultSettings): string {
  const errors = errorRate === 0 ? 'no injected errors' : `${Math.round(errorRate * 100)}% of requests answer 500`;
  const delay = delayMs === 0 ? 'no added delay' : `${delayMs} ms added to every request`;
  return `${service} ${version}: ${errors}, ${delay}`;
}

/**
 * `courier faults delivery v2 --error-rate 0.5`: the bad mode of one version, the chart's
 * `tracks.<track>.faults` values locally (the stack restarts that version with them). What is not
 * given stays as it is.
 */
export async function faultsCommand(stack: StackClient, args: string[], print: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'error-rate': { type: 'string' }, delay: { type: 'string' } }, allowPositionals: true, strict: true });
  const [service, version] = positionals;
  if (!service || !version || (values['error-rate'] === undefined && values.delay === undefined)) return print(FAULTS_USAGE), 1;
  const current = (await stack.describe()).services[service]?.versions.find((known) => known.version === version);
  if (!current) throw new Error(`the local stack runs no ${service} ${version}`);
  const wanted = {
    errorRate: values['error-rate'] === undefined ? current.faults.errorRate : Number(values['error-rate']),
    delayMs: values.delay === undefined || values.delay === '0' ? Number(values.delay ?? current.faults.delayMs) : (parseDuration(values.delay, '--delay') as number),
  };
  const parsed = FaultSettingsSchema.safeParse(wanted);
  if (!parsed.success) {
    const field = parsed.error.issues[0].path[0] === 'errorRate' ? '--error-rate' : '--delay';
    throw new Error(`${field}: ${parsed.error.issues[0].message}`);
  }
  await stack.setFaults(service, version, parsed.data);
  print(describeFaults(service, version, parsed.data));
  return 0;
}
