import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { newNames } from '../src/rename/new-names';
import { renameRules } from '../src/rename/rename-rules';
import { resortSortedExpectations } from '../src/rename/sorted-expectations';
import { textOf } from '../src/rename/text-files';
import { textRenamer } from '../src/rename/text-renamer';

const rulesFor = (name: string) => renameRules(newNames(createTreeWithEmptyWorkspace(), { name, scope: '@acme', registry: 'acme.azurecr.io' }));

/** Lines as the workspace has them, and as `--name parcels --scope @acme --registry acme.azurecr.io` leaves them. */
const PARCELS: [string, string][] = [
  // The domain word: the person who carries the parcel, in the contract, the model and the migration.
  ['  courierName: z.string().nullable(),', '  courierName: z.string().nullable(),'],
  ['  courierName String?        @map("courier_name")', '  courierName String?        @map("courier_name")'],
  ['    "courier_name" TEXT,', '    "courier_name" TEXT,'],
  ['/** Minutes of work left before the courier is on the road, by status. */', '/** Minutes of work left before the courier is on the road, by status. */'],
  ["send({ type, courierName: 'Kim' }) // @courier/contracts", "send({ type, courierName: 'Kim' }) // @acme/contracts"],
  // The npm scope, wherever it is written.
  ["import { ProblemError } from '@courier/contracts';", "import { ProblemError } from '@acme/contracts';"],
  ['    "customConditions": ["@courier/source"]', '    "customConditions": ["@acme/source"]'],
  ['    "node_modules/@courier/rollout": {', '    "node_modules/@acme/rollout": {'],
  // The root package, the README title, CLI names and the paths they point at.
  ['  "name": "courier",', '  "name": "parcels",'],
  ['# Courier', '# Parcels'],
  ['    "courier": "./bin/courier.js"', '    "parcels": "./bin/parcels.js"'],
  ['    "courier-stack": "./bin/courier-stack.js"', '    "parcels-stack": "./bin/parcels-stack.js"'],
  ['tools/loadgen/src/courier-journey.ts', 'tools/loadgen/src/parcels-journey.ts'],
  // Charts: the umbrella, the library chart and its template names.
  ['name: courier-lib', 'name: parcels-lib'],
  ['    repository: file://../courier-lib', '    repository: file://../parcels-lib'],
  ['{{- include "courier-lib.workload" . }}', '{{- include "parcels-lib.workload" . }}'],
  ['charts/courier/Chart.yaml', 'charts/parcels/Chart.yaml'],
  // Namespaces, pipelines' variable groups and Azure names, image repositories, the registry.
  ['  namespace: courier', '  namespace: parcels'],
  ['      - group: courier-qa', '      - group: parcels-qa'],
  ['az acr create --resource-group courier-rg --name couriercr --sku Standard', 'az acr create --resource-group parcels-rg --name acme --sku Standard'],
  ['  registry: couriercr.azurecr.io', '  registry: acme.azurecr.io'],
  ['    value: couriercr', '    value: acme'],
  ['                --tag $(acrLoginServer)/courier/${{ parameters.service }}:$(version.appVersion) \\', '                --tag $(acrLoginServer)/parcels/${{ parameters.service }}:$(version.appVersion) \\'],
  ['"command": "docker build -f services/Dockerfile -t courier/{projectName}:local ."', '"command": "docker build -f services/Dockerfile -t parcels/{projectName}:local ."'],
  ["'image: { registry: courieracr.azurecr.io }',", "'image: { registry: parcelsacr.azurecr.io }',"],
  // Metric prefixes, environment variables, identifiers.
  ["'# TYPE courier_mesh_routing_version gauge',", "'# TYPE parcels_mesh_routing_version gauge',"],
  [".createObservableGauge('courier.service.info', {", ".createObservableGauge('parcels.service.info', {"],
  ['process.env.COURIER_WORKSPACE_ROOT', 'process.env.PARCELS_WORKSPACE_ROOT'],
  ['export class CourierJourney {', 'export class ParcelsJourney {'],
  ['const courierEnvironments = COURIER_VALUES_FILES.map(', 'const parcelsEnvironments = PARCELS_VALUES_FILES.map('],
  ['expect(sim.current.namespaces.courier).toBeUndefined();', 'expect(sim.current.namespaces.parcels).toBeUndefined();'],
  ['  function courier(args: string[], binDir: string) {', '  function parcels(args: string[], binDir: string) {'],
];

/** Where a dashed name needs another form: no dashes in metric names, variables, identifiers, ACR-style names. */
const FLEET_OPS: [string, string][] = [
  ["'# TYPE courier_mesh_routing_version gauge',", "'# TYPE fleet_ops_mesh_routing_version gauge',"],
  [".createObservableGauge('courier.service.info', {", ".createObservableGauge('fleet_ops.service.info', {"],
  ['process.env.COURIER_WORKSPACE_ROOT', 'process.env.FLEET_OPS_WORKSPACE_ROOT'],
  ['export class CourierJourney {', 'export class FleetOpsJourney {'],
  ['const courierEnvironments = 1;', 'const fleetOpsEnvironments = 1;'],
  ['expect(sim.current.namespaces.courier).toBeUndefined();', "expect(sim.current.namespaces['fleet-ops']).toBeUndefined();"],
  ['  function courier(args: string[], binDir: string) {', '  function fleetOps(args: string[], binDir: string) {'],
  ['    const result = await courier([', '    const result = await fleetOps(['],
  ["'image: { registry: courieracr.azurecr.io }',", "'image: { registry: fleetopsacr.azurecr.io }',"],
  ['{{- include "courier-lib.workload" . }} in namespace courier-qa', '{{- include "fleet-ops-lib.workload" . }} in namespace fleet-ops-qa'],
  ['    value: couriercr', '    value: acme'],
  ['  courierName: z.string().nullable(),', '  courierName: z.string().nullable(),'],
];

describe('the rename rules', () => {
  it.each(PARCELS)('--name parcels: %s', (from, to) => {
    expect(textRenamer(rulesFor('parcels'))(from)).toBe(to);
  });

  it.each(FLEET_OPS)('--name fleet-ops: %s', (from, to) => {
    expect(textRenamer(rulesFor('fleet-ops'))(from)).toBe(to);
  });

  it('has no rule the examples above leave unused, and says what each one renames', () => {
    const rules = rulesFor('parcels');
    const unused = rules.filter((rule) => !PARCELS.some(([from]) => new RegExp(rule.find).test(from)));
    expect(unused).toEqual([]);
    expect(rules.filter((rule) => rule.what.trim() === '')).toEqual([]);
  });

  it('applies the most specific rule at each position and never renames its own output', () => {
    const rename = textRenamer(rulesFor('parcels'));
    // @courier/ is the scope, not the name; couriercr.azurecr.io is the registry, not couriercr + .azurecr.io.
    expect(rename('@courier/db couriercr.azurecr.io couriercr courier')).toBe('@acme/db acme.azurecr.io acme parcels');
    expect(rename(rename('@courier/db COURIER_X courier_y'))).toBe(rename('@courier/db COURIER_X courier_y'));
  });
});

describe('sorted expectations', () => {
  it('sorts the expected list of a sorted result again once a renamed item sorts elsewhere', () => {
    const renamed = textRenamer(rulesFor('parcels'))("    expect(injected.sort()).toEqual(['courier', 'istio-ingress']);");
    expect(resortSortedExpectations(renamed)).toBe("    expect(injected.sort()).toEqual(['istio-ingress', 'parcels']);");
  });

  it('leaves a list in order, and any other expectation, as it is', () => {
    const text = "expect(a.sort()).toEqual(['a', 'b']);\nexpect(b).toEqual(['z', 'a']);\n";
    expect(resortSortedExpectations(text)).toBe(text);
  });
});

describe('text files', () => {
  it('reads text, and calls a file with a NUL byte or bytes that are not UTF-8 binary', () => {
    expect(textOf(Buffer.from('name: courier\n'))).toBe('name: courier\n');
    expect(textOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))).toBeUndefined();
    expect(textOf(Buffer.from([0x63, 0xff, 0xfe]))).toBeUndefined();
  });
});
