import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { type Tree } from '@nx/devkit';

const REPOSITORY = path.resolve(__dirname, '..', '..', '..');

/** The files the generator reads: the workspace manifests and what a new service is derived from. */
const INPUTS = ['nx.json', 'package.json', 'libs', 'services', 'charts', 'pipelines', 'k8s/kind', 'k8s/aks', 'docker-compose.yml', 'deploy/compose/mesh.json'];

/** An in-memory Nx Tree holding the repository's tracked inputs: nothing is written to disk. */
export function repositoryTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  const files = execFileSync('git', ['ls-files', '-z', '--', ...INPUTS], { cwd: REPOSITORY, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const absolute = path.join(REPOSITORY, file);
    if (fs.existsSync(absolute)) tree.write(file, fs.readFileSync(absolute));
  }
  return tree;
}

export const readRepositoryFile = (file: string) => fs.readFileSync(path.join(REPOSITORY, file), 'utf8');
