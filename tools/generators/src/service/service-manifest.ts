import { type Tree } from '@nx/devkit';
import { type NewService } from './new-service';
import { nextMeshListener } from './service-ports';

/**
 * services/<name>/service.yaml, from which npm start, docker-compose (render-compose-routing), the
 * local mesh and `courier-cluster up` pick the service up. A generated service is stateless and
 * calls nobody yet; docs/adding-a-service.md says how to change both.
 */
export function writeServiceManifest(tree: Tree, service: NewService): void {
  tree.write(
    `services/${service.name}/service.yaml`,
    `# ${service.name}: what runs where, in one place. npm start, docker-compose (generated), the local mesh's
# listeners and \`courier-cluster up\` read it; tools/cluster/src/service-manifest.ts validates it.
name: ${service.name}
# Where v1 listens on your machine; each later version listens 10 above the one before.
port: ${service.port}
# The mesh's listener in front of ${service.name}: the others call it there.
meshListener: ${nextMeshListener(tree)}
# Versions that run side by side locally, in order: the first is stable, the next the canary.
# Adding a version is one line here.
versions: [v1]
# The services it calls (they start first).
calls: []
database: false
`,
  );
}
