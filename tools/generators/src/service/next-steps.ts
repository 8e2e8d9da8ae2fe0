import { type NewService } from './new-service';

/** What the user still has to do: what a generator cannot or should not do on its own. */
export function nextSteps(service: NewService): string {
  return [
    `Generated ${service.name} (local port ${service.port}). Next:`,
    `  npm install                       # links the new workspace package and records it in package-lock.json (npm ci needs it)`,
    `  node tools/stack/bin/render-compose-routing.js   # adds it to docker-compose.yml, deploy/compose/mesh.json and routing.yaml`,
    `  npx nx run-many -t lint build test -p ${service.name} charts-test pipelines-test`,
    `  npm start                         # runs it too, behind the mesh; GET http://127.0.0.1:${service.port}/${service.name}/hello`,
    `  Commit services/${service.name} (with its service.yaml), charts/${service.name}, pipelines/${service.name}.yml, the umbrella and the compose files,`,
    `  and create the Azure pipeline from pipelines/${service.name}.yml. See docs/adding-a-service.md for callers and a database.`,
  ].join('\n');
}
