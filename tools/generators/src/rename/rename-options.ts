/** The generator's options, as `schema.json` declares them. */
export interface RenameOptions {
  /** The project's new name, a DNS-1123 label (e.g. parcels): charts, namespaces, images, bins, metric prefixes. */
  name: string;
  /** The new npm scope of the workspace packages (e.g. @acme). */
  scope: string;
  /** The Azure Container Registry login server images and charts go to (e.g. acme.azurecr.io). */
  registry: string;
}
