import * as path from 'node:path';
import { runJest, type SuiteResult } from './jest-suite';

/**
 * Runs a workspace's own jest suites (its code, its configs, its node_modules) in that workspace,
 * one or more configs in one jest run, and returns every test's full name by outcome. Unlike
 * runSuiteOn, which points this repository's suites at another workspace, this is what suites
 * that changed with the workspace need: a renamed workspace's suites check renamed names.
 */
export function runOwnSuite(root: string, jestConfigs: readonly string[], env: NodeJS.ProcessEnv = {}): SuiteResult {
  const configs = jestConfigs.map((config) => path.join(root, config));
  return runJest(root, configs.length === 1 ? ['--config', configs[0]] : ['--projects', ...configs], env, jestConfigs.join(', '));
}
