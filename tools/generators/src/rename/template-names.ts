/**
 * The names this template ships with: what the rename replaces. They are spelled out once here so
 * the rules, the option checks and the allow-list agree on them.
 */
export const TEMPLATE = {
  /** The project's name: charts, namespaces, images, bins, Azure resources, metric prefixes. */
  name: 'courier',
  /** npm scope of every workspace package (and of the `@courier/source` export condition). */
  scope: '@courier',
  /** The Azure Container Registry the pipelines and the AKS values push to and pull from. */
  registry: 'couriercr.azurecr.io',
  /** That registry's ACR resource name (`az acr login --name couriercr`). */
  acrName: 'couriercr',
} as const;
