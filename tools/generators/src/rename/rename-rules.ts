import { ALLOWED_WORDS, escapeRegExp } from './allow-list';
import { type NewNames } from './new-names';
import { TEMPLATE } from './template-names';

/** One replacement: what it matches, what it writes, and what the matched text is. */
export interface RenameRule {
  /** A regular expression source without capturing groups: the rules are joined into one expression. */
  readonly find: string;
  readonly replaceWith: string;
  /** What the matched text names, so the table reads as the rename's specification. */
  readonly what: string;
}

/** A property access that stays valid JavaScript whatever the name: `.parcels`, or `['fleet-ops']`. */
const propertyAccess = (key: string) => (/^[a-z][a-z0-9]*$/.test(key) ? `.${key}` : `['${key}']`);

/**
 * The rename, most specific first: at each position the first rule that matches wins, and what a
 * rule writes is never matched again. The allowed words come first and are written back unchanged;
 * the last rules are the name itself in each of its cases.
 */
export function renameRules(names: NewNames): RenameRule[] {
  const name = TEMPLATE.name;
  const pascal = name.charAt(0).toUpperCase() + name.slice(1);
  return [
    ...ALLOWED_WORDS.map(({ word }): RenameRule => ({ find: escapeRegExp(word), replaceWith: word, what: `kept, a domain word: ${word}` })),
    { find: escapeRegExp(`${TEMPLATE.scope}/`), replaceWith: `${names.scope}/`, what: 'the npm scope: package names, dependencies, imports, node_modules/ paths in package-lock.json, the source export condition' },
    { find: escapeRegExp(TEMPLATE.registry), replaceWith: names.registry, what: 'the registry the pipelines and the AKS values push to and pull from' },
    { find: `${escapeRegExp(TEMPLATE.acrName)}(?![a-z0-9])`, replaceWith: names.acrName, what: 'that registry\'s ACR name (acrName, az acr --name, --attach-acr)' },
    // An OpenTelemetry metric name: Prometheus exports it as <snake>_service_info, which dashboards query.
    { find: `${name}(?=\\.service\\.info)`, replaceWith: names.snake, what: 'the service info metric, as OpenTelemetry names it' },
    // JavaScript identifiers that are the bare name (a dashed name is no identifier).
    { find: `(?<=\\b(?:function|await) )${name}(?=\\()`, replaceWith: names.camel, what: 'a test\'s function named after the rollout CLI' },
    { find: `(?<=\\.namespaces)\\.${name}\\b`, replaceWith: propertyAccess(names.kebab), what: 'a namespace read as a property' },
    { find: name.toUpperCase(), replaceWith: names.upper, what: 'environment variables (COURIER_WORKSPACE_ROOT, COURIER_CONTROL_TOKEN, …)' },
    { find: pascal, replaceWith: names.pascal, what: 'the name in titles and prose (the README title), and in type names (CourierJourney)' },
    { find: `${name}(?=_)`, replaceWith: names.snake, what: 'Prometheus metric prefixes (courier_mesh_route_weight) and database names (courier_qa)' },
    { find: `${name}(?=[A-Z])`, replaceWith: names.camel, what: 'camelCase identifiers (courierEnvironments)' },
    { find: `${name}(?=[a-z0-9])`, replaceWith: names.compact, what: 'the name glued to another word (courieracr)' },
    { find: name, replaceWith: names.kebab, what: 'the name everywhere else: root package, charts and courier-lib templates, namespaces, image repositories, bins, Azure resources, pipelines, paths' },
  ];
}
