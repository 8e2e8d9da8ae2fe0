import { type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { renameGenerator } from '../src/rename/rename-generator';

const GOOD = { name: 'parcels', scope: '@acme', registry: 'acme.azurecr.io' };

/** A small workspace: a lockfile with one scoped dependency, the umbrella and a service chart, a bin. */
function smallTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('package-lock.json', JSON.stringify({ name: 'courier', packages: { '': { name: 'courier' }, 'node_modules/@courier/users': { resolved: 'services/users', link: true }, 'node_modules/@nestjs/common': { version: '11.1.0' } } }));
  tree.write('charts/courier/Chart.yaml', 'apiVersion: v2\nname: courier\nversion: 0.1.0\n');
  tree.write('charts/users/Chart.yaml', 'apiVersion: v2\nname: users\nversion: 0.1.0\n');
  tree.write('tools/rollout/bin/courier.js', '#!/usr/bin/env node\n');
  return tree;
}

describe('rename generator option checks: each error names the option and the fix', () => {
  it.each([
    ['name', '', '--name is required: the project\'s new name, e.g. --name parcels'],
    ['name', 'Parcels', '--name "Parcels" is not a DNS-1123 label: use lower-case letters, digits and single dashes'],
    ['name', 'parcels_app', '--name "parcels_app" is not a DNS-1123 label'],
    ['name', '-parcels', '--name "-parcels" is not a DNS-1123 label'],
    ['name', '2go', '--name "2go" starts with a digit: start it with a letter'],
    ['name', 'fleet--ops', '--name "fleet--ops" has a double dash: use single dashes'],
    ['name', 'a-very-long-project-name', '--name "a-very-long-project-name" is 24 characters long: use at most 23'],
    ['name', 'courier-next', '--name "courier-next" still contains "courier": choose a name without it'],
    ['name', 'observability', '--name "observability" is reserved (the namespace of Prometheus, Grafana and Jaeger): choose another name'],
    ['name', 'kube-apps', '--name "kube-apps" starts with kube-'],
    ['scope', '', '--scope is required: the npm scope of your packages, e.g. --scope @acme'],
    ['scope', 'acme', '--scope "acme" must start with @: use --scope @acme'],
    ['scope', '@acme/contracts', '--scope "@acme/contracts" is a package name, not a scope: use --scope @acme'],
    ['scope', '@Acme', '--scope "@Acme" is not an npm scope: use lower-case letters'],
    ['scope', '@_acme', '--scope "@_acme" is not an npm scope'],
    ['scope', '@courier', '--scope @courier is the scope the template already has'],
    ['scope', '@nestjs', '--scope @nestjs is a dependency\'s scope (@nestjs/common is installed): choose a scope of your own'],
    ['registry', '', '--registry is required: your Azure Container Registry login server, e.g. --registry acme.azurecr.io'],
    ['registry', 'https://acme.azurecr.io/', '--registry "https://acme.azurecr.io/" is a URL or a path: give the host only, e.g. --registry acme.azurecr.io'],
    ['registry', 'Acme.azurecr.io', '--registry "Acme.azurecr.io" has capitals: registry hosts are lower-case, use --registry acme.azurecr.io'],
    ['registry', 'acme_cr', '--registry "acme_cr" is not a hostname'],
    ['registry', 'ghcr.io', '--registry "ghcr.io" is not an Azure Container Registry login server (<name>.azurecr.io'],
    ['registry', 'acme-cr.azurecr.io', '--registry "acme-cr.azurecr.io" is not an Azure Container Registry login server'],
  ])('--%s "%s"', async (option, value, message) => {
    const tree = smallTree();
    const before = tree.listChanges().map((change) => change.path);
    await expect(renameGenerator(tree, { ...GOOD, [option]: value })).rejects.toThrow(message);
    expect(tree.listChanges().map((change) => change.path)).toEqual(before);
  });

  it('reports every bad option at once', async () => {
    await expect(renameGenerator(smallTree(), { name: 'Parcels', scope: 'acme', registry: 'ghcr.io' })).rejects.toThrow(/^Cannot rename the workspace:\n {2}--name .*\n {2}--scope .*\n {2}--registry .*$/);
  });

  it('refuses a name whose paths clash with the workspace (charts/courier → charts/users), writing nothing', async () => {
    const tree = smallTree();
    const before = tree.listChanges().map((change) => change.path);
    await expect(renameGenerator(tree, { ...GOOD, name: 'users' })).rejects.toThrow('--name "users" clashes with what the workspace has (choose another name):\n  charts/courier/Chart.yaml → charts/users/Chart.yaml, which exists');
    expect(tree.listChanges().map((change) => change.path)).toEqual(before);
  });

  it('takes a dashed name and a dotted scope', async () => {
    const tree = smallTree();
    await renameGenerator(tree, { name: 'fleet-ops', scope: '@acme.corp', registry: 'acmecr.azurecr.io' });
    expect(tree.exists('charts/fleet-ops/Chart.yaml')).toBe(true);
    expect(tree.exists('tools/rollout/bin/fleet-ops.js')).toBe(true);
    expect(Object.keys(JSON.parse(tree.read('package-lock.json', 'utf-8') ?? '{}').packages)).toContain('node_modules/@acme.corp/users');
  });
});
