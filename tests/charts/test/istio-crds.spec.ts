import fs from 'node:fs';
import { ISTIO_CRD_VERSIONS, istioCrdFile, istioCrdSchemas } from '../src/istio-crds';
import { type KubeObject, objectId, parseManifests } from '../src/kube-object';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS } from '../src/scenarios';
import { SchemaValidator } from '../src/schema-validator';
import { vendorArtefactsPresent } from '../src/vendor-artefacts';
import { inWorkspace } from '../src/workspace-paths';

// Every Istio object Courier applies (rendered by the charts in every scenario, and k8s/istio/*.yaml)
// against the openAPIV3Schema of Istio's own CRDs, for the two newest Istio minors. CEL rules
// (x-kubernetes-validations) are not evaluated: see src/istio-crds.ts.

const isIstio = (object: KubeObject) => object.apiVersion.split('/')[0].endsWith('istio.io');

function istioObjects(): { source: string; object: KubeObject }[] {
  const rendered = SCENARIOS.flatMap((scenario) => renderScenario(scenario).objects.filter(isIstio)
    .map((object) => ({ source: `scenario "${scenario.name}" ${objectId(object)}`, object })));
  const applied = fs.readdirSync(inWorkspace('k8s/istio')).filter((file) => file.endsWith('.yaml') && !file.endsWith('.values.yaml'))
    .flatMap((file) => parseManifests(fs.readFileSync(inWorkspace('k8s/istio', file), 'utf8')).filter(isIstio)
      .map((object) => ({ source: `k8s/istio/${file} ${objectId(object)}`, object })));
  return [...rendered, ...applied];
}

const vendorPresent = vendorArtefactsPresent('Istio CRDs', ISTIO_CRD_VERSIONS.map(istioCrdFile));

(vendorPresent ? describe : describe.skip)('Istio objects against Istio\'s CRDs', () => {
  // Loaded in beforeAll, not while collecting: a skipped suite must not touch the missing files.
  let objects: { source: string; object: KubeObject }[];
  beforeAll(() => {
    objects = istioObjects();
  });

  it('finds the Istio objects of every kind the charts and k8s/istio apply', () => {
    expect([...new Set(objects.map(({ object }) => object.kind))].sort()).toEqual(
      ['AuthorizationPolicy', 'DestinationRule', 'Gateway', 'PeerAuthentication', 'Telemetry', 'VirtualService']);
  });

  describe.each(ISTIO_CRD_VERSIONS)('Istio %s', (version) => {
    let validator: SchemaValidator;
    beforeAll(() => {
      validator = new SchemaValidator(istioCrdSchemas(version));
    });

    it('serves every apiVersion and kind used', () => {
      expect(objects.filter(({ object }) => !validator.knows(object)).map(({ source }) => source)).toEqual([]);
    });

    it('accepts every object, with no field the API server would reject or prune', () => {
      const invalid = objects.map(({ source, object }) => ({ source, errors: validator.errors(object) ?? ['no CRD'] })).filter(({ errors }) => errors.length > 0);
      expect(invalid).toEqual([]);
    });

    it('rejects what the API server would: a misspelt field, a wrong type, an unknown enum value', () => {
      const virtualService = objects.find(({ object }) => object.kind === 'VirtualService')!.object;
      const route = (virtualService.spec as { http: { route: Record<string, unknown>[] }[] }).http[0].route[0];
      const broken = structuredClone(virtualService);
      (broken.spec as { http: { route: Record<string, unknown>[] }[] }).http[0].route[0] = { ...route, weigth: 10, weight: 'ten' };
      expect(validator.errors(broken)).toEqual(expect.arrayContaining([
        '/spec/http/0/route/0 must NOT have additional properties: weigth',
        '/spec/http/0/route/0/weight must be integer',
      ]));
      const peerAuthentication = structuredClone(objects.find(({ object }) => object.kind === 'PeerAuthentication')!.object);
      (peerAuthentication.spec as { mtls: { mode: string } }).mtls.mode = 'STRICTER';
      expect(validator.errors(peerAuthentication)).toContain('/spec/mtls/mode must be equal to one of the allowed values');
    });
  });
});
