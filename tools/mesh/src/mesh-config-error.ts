/**
 * Invalid routing objects or mesh configuration. Like Istio's validating webhook, the mesh
 * rejects the whole change and keeps serving the previous routing table; every problem is listed
 * with its location so a chart author can fix them in one go.
 */
export class MeshConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`);
    this.name = 'MeshConfigError';
  }
}
