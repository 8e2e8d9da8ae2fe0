import { type Tree } from '@nx/devkit';
import { isMap, isScalar, parseDocument, type Document, type YAMLMap } from 'yaml';
import { YAML_OUTPUT } from '../../../cluster/src/chart-values-sync';
import { chartLock, type ChartDependency } from './helm-chart-lock';
import { insertPropertyAfter } from './json-text-edits';
import { chartDependencies } from './service-chart';

const UMBRELLA = 'charts/courier';

function readYaml(tree: Tree, file: string): Document {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`${file} is missing: the umbrella chart installs every service`);
  return parseDocument(text);
}

/** Inserts `key: value` into a map right after `after` (or at the end), keeping every comment. */
function insertAfter(document: Document, map: YAMLMap, after: string | undefined, key: string, value: unknown): void {
  const index = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === after);
  const pair = document.createPair(key, value);
  if (index < 0) map.items.push(pair);
  else map.items.splice(index + 1, 0, pair);
}

/**
 * Adds the service to the umbrella chart: a file:// dependency in Chart.yaml (and a matching
 * Chart.lock, or `helm dependency build` refuses the chart) switched on by `<name>.enabled`, that key
 * off next to the other services' (each service is its own release), and the key in the umbrella
 * schema, which rejects unknown top-level keys.
 */
export function addToUmbrellaChart(tree: Tree, name: string, now: Date): void {
  const services = chartDependencies(tree, `${UMBRELLA}/Chart.yaml`);
  const lastService = services.at(-1)?.name;
  const dependency: ChartDependency = { name, version: '0.1.0', repository: `file://../${name}`, condition: `${name}.enabled` };

  const chart = readYaml(tree, `${UMBRELLA}/Chart.yaml`);
  chart.addIn(['dependencies'], chart.createNode(dependency));
  tree.write(`${UMBRELLA}/Chart.yaml`, chart.toString(YAML_OUTPUT));
  tree.write(`${UMBRELLA}/Chart.lock`, chartLock([...services, dependency], now));

  const values = readYaml(tree, `${UMBRELLA}/values.yaml`);
  if (!isMap(values.contents)) throw new Error(`${UMBRELLA}/values.yaml is not a mapping`);
  insertAfter(values, values.contents, lastService, name, { enabled: false });
  tree.write(`${UMBRELLA}/values.yaml`, values.toString(YAML_OUTPUT));

  const schemaFile = `${UMBRELLA}/values.schema.json`;
  const schema = tree.read(schemaFile, 'utf-8');
  if (schema === null) throw new Error(`${schemaFile} is missing`);
  if (!lastService) throw new Error(`${UMBRELLA}/Chart.yaml lists no service to add ${name} next to`);
  tree.write(schemaFile, insertPropertyAfter(schemaFile, schema, lastService, name, { type: 'object', description: `Values of charts/${name}, validated by its schema.` }));
}
