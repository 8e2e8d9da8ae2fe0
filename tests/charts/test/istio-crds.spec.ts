import fs from 'node:fs';
import { TRANSITION_RULE, compileRule, whyNotEvaluable } from '../src/cel-engine';
import { asCelValue, type CelTally, celFailures, emptyTally, rulesIn } from '../src/cel-rules';
import { ISTIO_CRD_VERSIONS, istioCrdFile, istioCrdRawSchemas, istioCrdSchemas } from '../src/istio-crds';
import { type KubeObject, objectId, parseManifests } from '../src/kube-object';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS } from '../src/scenarios';
import { SchemaValidator, schemaKey } from '../src/schema-validator';
import { vendorArtefactsPresent } from '../src/vendor-artefacts';
import { inWorkspace } from '../src/workspace-paths';

// Every Istio object Courier applies (rendered by the charts in every scenario, and k8s/istio/*.yaml)
// against the openAPIV3Schema of Istio's own CRDs, for the two newest Istio minors, and against the
// CEL rules (x-kubernetes-validations) of those CRDs that can be evaluated offline (src/cel-*.ts).

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
    let rawSchemas: Map<string, Record<string, unknown>>;
    beforeAll(() => {
      rawSchemas = istioCrdRawSchemas(version);
      validator = new SchemaValidator(istioCrdSchemas(version, rawSchemas));
    });
    const celOf = (object: KubeObject, tally?: CelTally) => celFailures(object, rawSchemas.get(schemaKey(object)), tally)
      .map((failure) => `${failure.path}: ${failure.message}`);

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

    it('passes every CEL rule of the CRDs that can be evaluated offline, and says which cannot', () => {
      // The census of the CRDs: every rule at every place, evaluable or skipped with its reason.
      const placed = [...rawSchemas.values()].flatMap((schema) => rulesIn(schema));
      const skippedInCrds = new Map<string, number>();
      for (const { rule } of placed) {
        const reason = whyNotEvaluable(rule);
        if (reason) skippedInCrds.set(reason, (skippedInCrds.get(reason) ?? 0) + 1);
      }
      const tally = emptyTally();
      const failing = objects.flatMap(({ source, object }) => celOf(object, tally).map((failure) => `${source} ${failure}`));
      const skippedTotal = [...skippedInCrds.values()].reduce((sum, count) => sum + count, 0);
      const lines = [
        `Istio ${version} CRDs: ${placed.length} CEL rules, ${placed.length - skippedTotal} evaluable, ${skippedTotal} SKIPPED:`,
        ...[...skippedInCrds].map(([reason, count]) => `  ${count} ${reason}`),
        ...(skippedInCrds.has(TRANSITION_RULE) ? [] : ['  0 transition rules (oldSelf): the CRDs have none']),
        `Courier's ${objects.length} Istio objects: ${tally.evaluated} evaluations of ${tally.rulesReached.size} distinct rules, ` +
          `${[...tally.skipped.values()].reduce((sum, count) => sum + count, 0)} rules reached but skipped, ${failing.length} failures`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      expect(failing).toEqual([]);
      // The objects do reach rules: a walk that evaluated nothing would pass by construction.
      expect(tally.evaluated).toBeGreaterThan(objects.length);
      // Only Kubernetes' URL library is out of reach in these CRDs; a new reason must be looked at.
      expect([...skippedInCrds.keys()].filter((reason) => !/^calls (?:(?:getScheme|isURL|url)\(\)(?:, |(?= from)))+ from Kubernetes' own CEL libraries/.test(reason))).toEqual([]);
    });

    describe('rejects objects that break a CEL rule of the CRD, with the rule\'s message', () => {
      const first = (kind: string) => structuredClone(objects.find(({ object }) => object.kind === kind)!.object);
      const spec = (object: KubeObject) => object.spec as Record<string, unknown>;

      it('VirtualService: a route timeout under 1ms, and one that is not a duration', () => {
        const virtualService = first('VirtualService');
        const route = (spec(virtualService).http as { timeout?: string }[])[0];
        route.timeout = '500us';
        expect(celOf(virtualService)).toEqual(['/spec/http/0/timeout: must be a valid duration greater than 1ms']);
        route.timeout = 'ten seconds';
        expect(celOf(virtualService)).toEqual([expect.stringMatching(/^\/spec\/http\/0\/timeout: must be a valid duration greater than 1ms \(evaluation error: .+\)$/)]);
      });

      it('DestinationRule: a wildcard in a workload selector label, a connect timeout of 0s', () => {
        const destinationRule = first('DestinationRule');
        spec(destinationRule).workloadSelector = { matchLabels: { 'app*': 'users', track: '*' } };
        spec(destinationRule).trafficPolicy = { ...(spec(destinationRule).trafficPolicy as object), connectionPool: { tcp: { connectTimeout: '0s' } } };
        expect(celOf(destinationRule)).toEqual([
          '/spec/trafficPolicy/connectionPool/tcp/connectTimeout: must be a valid duration greater than 1ms',
          '/spec/workloadSelector/matchLabels: wildcard not allowed in label key match',
          '/spec/workloadSelector/matchLabels/track: wildcard not allowed in label value match',
        ]);
      });

      it('AuthorizationPolicy: selector and targetRefs together, serviceAccounts with principals', () => {
        const policy = first('AuthorizationPolicy');
        spec(policy).selector = { matchLabels: { app: 'users' } };
        spec(policy).targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'courier' }];
        spec(policy).rules = [{ from: [{ source: { serviceAccounts: ['courier/web'], principals: ['cluster.local/ns/courier/sa/web'] } }] }];
        expect(celOf(policy)).toEqual([
          '/spec: only one of targetRefs or selector can be set',
          '/spec/rules/0/from/0/source: Cannot set serviceAccounts with namespaces or principals',
        ]);
      });

      it('Telemetry: selector and targetRef together; PeerAuthentication: port-level mTLS without a selector, port 0', () => {
        const telemetry = first('Telemetry');
        spec(telemetry).selector = { matchLabels: { app: 'users' } };
        spec(telemetry).targetRef = { group: '', kind: 'Service', name: 'users' };
        expect(celOf(telemetry)).toEqual(['/spec: only one of targetRefs or selector can be set']);
        const peerAuthentication = first('PeerAuthentication');
        delete spec(peerAuthentication).selector;
        spec(peerAuthentication).portLevelMtls = { 0: { mode: 'PERMISSIVE' } };
        expect(celOf(peerAuthentication)).toEqual([
          '/spec: portLevelMtls requires selector',
          '/spec/portLevelMtls: port must be between 1-65535',
        ]);
      });
    });
  });
});

// The evaluator itself, on small schemas written here: each behaviour Kubernetes gives CEL rules.
describe('CEL rules of a CRD schema', () => {
  const rule = (text: string, message = 'broken') => ({ 'x-kubernetes-validations': [{ rule: text, message }] });

  it('types values by their schema: integers are CEL ints, numbers doubles, objects maps', () => {
    const schema = { type: 'object', properties: { port: { type: 'integer' }, ratio: { type: 'number' }, labels: { type: 'object', additionalProperties: { type: 'string' } } } };
    expect(asCelValue({ port: 8080, ratio: 1, labels: { a: 'b' } }, schema)).toEqual({ port: 8080n, ratio: 1, labels: { a: 'b' } });
    expect(celFailures({ port: 8080 }, { ...schema, ...rule('self.port == 8080 && type(self.port) == int') })).toEqual([]);
    expect(celFailures({ ratio: 1 }, { ...schema, ...rule('type(self.ratio) == double') })).toEqual([]);
  });

  it('applies a rule only where its field is present, and per list item and map value', () => {
    const schema = {
      type: 'object',
      properties: {
        absent: { type: 'string', ...rule('false', 'never evaluated') },
        ports: { type: 'array', items: { type: 'integer', ...rule('self > 0', 'positive') } },
        labels: { type: 'object', additionalProperties: { type: 'string', ...rule('!self.contains("*")', 'no wildcard') } },
      },
    };
    const tally = emptyTally();
    expect(celFailures({ ports: [1, 0, 2], labels: { a: 'x', b: '*' } }, schema, tally)).toEqual([
      { path: '/ports/1', rule: 'self > 0', message: 'positive' },
      { path: '/labels/b', rule: '!self.contains("*")', message: 'no wildcard' },
    ]);
    expect(tally.evaluated).toBe(5);
  });

  it('uses has(), size(), all(), exists_one(), matches(), substring(), int() and durations as Kubernetes does', () => {
    const check = (text: string, self: unknown, schema: Record<string, unknown> = {}) => celFailures(self, { ...schema, ...rule(text) }).length === 0;
    expect(check('has(self.a) != has(self.b)', { a: 1 })).toBe(true);
    expect(check('has(self.a) != has(self.b)', { a: 1, b: 2 })).toBe(false);
    expect(check('self.all(l1, self.exists_one(l2, l1.number == l2.number))', [{ number: 80 }, { number: 80 }])).toBe(false);
    expect(check('self.all(key, size(key) < 63 && key.matches("^[a-z0-9-]+$"))', { 'http-web': 1 })).toBe(true);
    expect(check('self.all(key, size(key) < 63 && key.matches("^[a-z0-9-]+$"))', { Web_1: 1 })).toBe(false);
    expect(check('self.startsWith("unix://") ? self.substring(7, 8) == "/" : true', 'unix://relative')).toBe(false);
    expect(check('self.all(key, 0 < int(key) && int(key) <= 65535)', { 8080: {} })).toBe(true);
    expect(check("duration(self) >= duration('1ms')", '1h30m')).toBe(true);
    expect(check("duration(self) >= duration('1ms')", '999us')).toBe(false);
  });

  it('gives messageExpression\'s text when there is one, and the rule itself when there is no message', () => {
    const schema = { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 10', messageExpression: '"got " + string(self)' }, { rule: 'self < 5' }] };
    expect(celFailures(12, schema).map((failure) => failure.message)).toEqual(['got 12', 'failed rule: self < 5']);
  });

  it('skips, and counts, transition rules and rules that call Kubernetes-only functions', () => {
    expect(compileRule('self == oldSelf')).toEqual({ kind: 'skipped', reason: TRANSITION_RULE });
    expect(whyNotEvaluable('isURL(self) && url(self).getScheme() == "https"')).toMatch(/^calls getScheme\(\), isURL\(\), url\(\) from Kubernetes' own CEL libraries/);
    const tally = emptyTally();
    expect(celFailures('x', { type: 'string', ...rule('self == oldSelf') }, tally)).toEqual([]);
    expect({ evaluated: tally.evaluated, skipped: [...tally.skipped.values()] }).toEqual({ evaluated: 0, skipped: [1] });
  });
});
