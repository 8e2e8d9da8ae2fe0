import { type Tree } from '@nx/devkit';
import { parse } from 'yaml';

const COMPOSE_FILE = 'docker-compose.yml';

interface ComposeFile {
  services?: Record<string, { depends_on?: Record<string, unknown> }>;
}

/** The service's block, in the style of web's: the shared security and env anchors, one track. */
const serviceBlock = (name: string) => `  ${name}:
    <<: *courier-service
    build: { context: ., dockerfile: services/${name}/Dockerfile, target: final }
    image: courier/${name}:local
    environment:
      <<: *courier-env
      APP_VERSION: v1
      APP_TRACK: stable

`;

/**
 * Adds the service to docker-compose.yml and makes the mesh wait for it to be healthy. Edited as
 * text, not re-serialised, so the file's anchors, flow style and comments stay exactly as written;
 * the result is parsed again to prove the edit landed where intended.
 */
export function addToCompose(tree: Tree, name: string): void {
  const text = tree.read(COMPOSE_FILE, 'utf-8');
  if (text === null) return;
  const meshAt = text.search(/^ {2}mesh:\n/m);
  if (meshAt < 0) throw new Error(`${COMPOSE_FILE} has no "mesh" service to add ${name} before; add it by hand (see docs/adding-a-service.md)`);
  const meshDependsOn = /^( {4}depends_on:\n(?: {6}.+\n)+)/m;
  const afterMesh = text.slice(meshAt);
  const dependsOn = afterMesh.match(meshDependsOn);
  if (!dependsOn || dependsOn.index === undefined) throw new Error(`${COMPOSE_FILE}: the mesh service has no depends_on list to add ${name} to`);
  const dependsOnEnd = meshAt + dependsOn.index + dependsOn[0].length;
  const edited =
    text.slice(0, meshAt) +
    serviceBlock(name) +
    text.slice(meshAt, dependsOnEnd) +
    `      ${name}: { condition: service_healthy }\n` +
    text.slice(dependsOnEnd);
  const compose = parse(edited, { merge: true }) as ComposeFile;
  if (!compose.services?.[name] || !compose.services.mesh?.depends_on?.[name]) {
    throw new Error(`${COMPOSE_FILE}: could not add ${name} and the mesh's dependency on it; add them by hand`);
  }
  tree.write(COMPOSE_FILE, edited);
}
