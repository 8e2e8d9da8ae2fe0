import type { FlagSpec } from './command-line';

/** The helm flags the simulated subcommands accept (anything else fails loudly). */
export const HELM_FLAGS: FlagSpec = {
  valued: [
    'namespace', 'kube-context', 'kubeconfig', 'values', 'set', 'set-string', 'set-json', 'set-file', 'set-literal', 'timeout',
    'description', 'version', 'output', 'revision', 'max', 'username', 'password', 'ca-file', 'cert-file', 'key-file',
  ],
  switches: [
    'install', 'create-namespace', 'reuse-values', 'reset-values', 'reset-then-reuse-values', 'atomic', 'wait', 'wait-for-jobs', 'all',
    'all-namespaces', 'debug', 'force', 'cleanup-on-fail', 'password-stdin', 'insecure', 'plain-http', 'insecure-skip-tls-verify', 'skip-crds',
  ],
  short: { n: 'namespace', f: 'values', o: 'output', A: 'all-namespaces', a: 'all', u: 'username', p: 'password' },
};
