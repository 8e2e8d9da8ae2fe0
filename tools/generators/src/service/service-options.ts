/** The generator's options, as `schema.json` declares them. */
export interface ServiceOptions {
  /** kebab-case service name: the Nx project, chart, mesh host, image and pipeline. */
  name: string;
  /** Local port; by default one above the highest port of the existing services. */
  port?: number;
}
