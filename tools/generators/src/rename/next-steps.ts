import { type NewNames } from './new-names';
import { TEMPLATE } from './template-names';

/** What the rename did, in numbers, for the summary. */
export interface RenameSummary {
  readonly edited: number;
  readonly moved: number;
  readonly relocked: readonly string[];
  readonly removed: number;
}

/** What the user still has to do: what a generator cannot or should not do on its own. */
export function nextSteps(names: NewNames, summary: RenameSummary): string {
  return [
    `Renamed ${TEMPLATE.name} to ${names.kebab} (packages ${names.scope}/*, registry ${names.registry}): ${summary.edited} files edited, ${summary.moved} moved` +
      `${summary.relocked.length > 0 ? `, ${summary.relocked.join(', ')} relocked` : ''}; the ${summary.removed} files only the template needs (this generator among them) removed.`,
    'Next:',
    `  npm install                    # links the packages as ${names.scope}/* and the CLIs under their new names (package-lock.json is already consistent)`,
    `  npx nx run-many -t build       # dist/ folders (ignored by git, not renamed) still import the old scope until rebuilt`,
    `  npm test                       # everything, under the new names`,
    `  The CLIs are now npx ${names.kebab} (rollout), ${['stack', 'cluster', 'mesh', 'loadgen'].map((tool) => `${names.kebab}-${tool}`).join(', ')}.`,
    `  In Azure DevOps and Azure, create what the pipelines now name: service connections ${names.kebab}-acr and ${names.kebab}-azure, variable group and`,
    `  environment ${names.kebab}-qa, environment ${names.kebab}-production, the registry ${names.registry}, resource group ${names.kebab}-rg, cluster ${names.kebab}-aks`,
    `  (docs/release-to-aks.md, under the new names). Images already pushed under ${TEMPLATE.name}/* are not moved.`,
  ].join('\n');
}
