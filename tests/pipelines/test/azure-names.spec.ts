import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { azureNamesIn } from '../src/azure-names';
import { loadPipelineYaml } from '../src/pipeline-yaml';
import { workspaceRoot } from '../src/workspace-paths';

/** The names the pipelines use: the one place they are set. */
const variables = Object.fromEntries(
  (loadPipelineYaml('pipelines/templates/variables.yml').variables as { name: string; value: string }[]).map((variable) => [variable.name, variable.value]),
);

/** Where a platform engineer reads or copies the names from: the AKS guide, the walkthrough, the AKS values. */
const DOCUMENTS = ['k8s/aks/README.md', 'docs/release-to-aks.md', 'README.md'];
const AKS_VALUES = fs.readdirSync(path.join(workspaceRoot, 'k8s/aks')).filter((file) => file.endsWith('.values.yaml')).map((file) => `k8s/aks/${file}`);
/**
 * The README's "Use as a template" section shows the rename's options with another project's
 * registry (acme.azurecr.io): names of the project a user makes, not this one's, so they are not
 * compared. The rename removes the section.
 */
const withoutTemplateSection = (text: string) => text.replace(/<!-- use-as-a-template -->[\s\S]*?<!-- \/use-as-a-template -->/, '');
const read = (file: string) => withoutTemplateSection(fs.readFileSync(path.join(workspaceRoot, file), 'utf8'));

/** Every name in the text that differs from variables.yml, as readable lines. */
function mismatches(file: string, text: string): string[] {
  const names = azureNamesIn(text);
  return [
    ...names.registryHosts.filter((host) => host !== variables.acrLoginServer).map((host) => `${file}: registry ${host}, variables.yml has acrLoginServer ${variables.acrLoginServer}`),
    ...names.registries.filter((name) => name !== variables.acrName).map((name) => `${file}: registry name ${name}, variables.yml has acrName ${variables.acrName}`),
    ...names.resourceGroups.filter((name) => name !== variables.aksResourceGroup).map((name) => `${file}: resource group ${name}, variables.yml has aksResourceGroup ${variables.aksResourceGroup}`),
    ...names.clusters.filter((name) => name !== variables.aksCluster).map((name) => `${file}: AKS cluster ${name}, variables.yml has aksCluster ${variables.aksCluster}`),
  ];
}

describe('Azure resource names: the AKS files and docs use the ones pipelines/templates/variables.yml sets', () => {
  it('variables.yml is consistent with itself: the login server is <acrName>.azurecr.io', () => {
    expect(variables.acrLoginServer).toBe(`${variables.acrName}.azurecr.io`);
  });

  it.each(DOCUMENTS)('%s names the registry, resource group and cluster as variables.yml does', (file) => {
    expect(mismatches(file, read(file))).toEqual([]);
  });

  it('the guides really create and use those resources (the check above sees their commands)', () => {
    const guide = azureNamesIn(read('docs/release-to-aks.md'));
    expect(guide).toEqual({
      registryHosts: [variables.acrLoginServer],
      registries: [variables.acrName],
      resourceGroups: [variables.aksResourceGroup],
      clusters: [variables.aksCluster],
    });
    expect(azureNamesIn(read('k8s/aks/README.md')).registries).toEqual([variables.acrName]);
  });

  it.each(AKS_VALUES)('%s pulls images only from acrLoginServer', (file) => {
    const registries = JSON.stringify(parse(read(file))).match(/"registry":"[^"]*"/g) ?? [];
    const ours = registries.filter((entry) => entry.includes('azurecr.io'));
    expect(ours.every((entry) => entry === `"registry":"${variables.acrLoginServer}"`)).toBe(true);
    expect(mismatches(file, read(file))).toEqual([]);
  });

  it('names every differing name, in az commands and registry hosts alike', () => {
    const stale = [
      'az acr create --resource-group courier-rg --name courieracr --sku Basic',
      'az aks create --resource-group courier-rg --name courier-aks \\',
      '  --attach-acr courieracr --enable-managed-identity',
      'az aks get-credentials -g other-rg -n other-aks',
      'image: { registry: courieracr.azurecr.io }',
      'az acr build --registry "$ACR" --image x .',
    ].join('\n');
    expect(mismatches('stale.md', stale)).toEqual([
      `stale.md: registry courieracr.azurecr.io, variables.yml has acrLoginServer ${variables.acrLoginServer}`,
      `stale.md: registry name courieracr, variables.yml has acrName ${variables.acrName}`,
      `stale.md: resource group other-rg, variables.yml has aksResourceGroup ${variables.aksResourceGroup}`,
      `stale.md: AKS cluster other-aks, variables.yml has aksCluster ${variables.aksCluster}`,
    ]);
  });
});
