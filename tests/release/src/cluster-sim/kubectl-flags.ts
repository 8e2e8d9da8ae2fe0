import type { FlagSpec } from './command-line';

/** The kubectl flags the simulated commands accept; connection flags are accepted and ignored. */
export const KUBECTL_FLAGS: FlagSpec = {
  valued: [
    'namespace', 'output', 'timeout', 'selector', 'for', 'container', 'filename', 'from-literal', 'from-file', 'dry-run', 'address',
    'context', 'kubeconfig', 'cluster', 'user', 'server', 'token', 'request-timeout', 'pod-running-timeout',
  ],
  switches: ['overwrite', 'all-namespaces', 'stdin', 'tty', 'ignore-not-found', 'quiet', 'watch'],
  short: { n: 'namespace', o: 'output', l: 'selector', c: 'container', f: 'filename', i: 'stdin', t: 'tty', A: 'all-namespaces', w: 'watch', q: 'quiet' },
};
