import { parseAllDocuments } from 'yaml';
import {
  type DestinationRule,
  type DestinationRuleSpec,
  ISTIO_NETWORKING_API_VERSIONS,
  type KubernetesObject,
  type VirtualService,
  type VirtualServiceSpec,
} from './istio-objects';
import { GATEWAY_API_VERSIONS, type GatewayHttpRoute, type HTTPRouteSpec, type ServiceSelector } from './gateway-api-objects';
import { MeshConfigError } from './mesh-config-error';

/**
 * Reads Kubernetes objects from text as `helm template` prints them: YAML with several `---`
 * documents, or JSON (a single object, an array, or a `List`). Empty documents (Helm emits them
 * for templates that render nothing) are skipped.
 */
export function parseObjects(text: string, source = 'input'): KubernetesObject[] {
  const documents = parseAllDocuments(text, { prettyErrors: true });
  const problems: string[] = [];
  const objects: KubernetesObject[] = [];
  documents.forEach((document, index) => {
    if (document.errors.length > 0) {
      problems.push(...document.errors.map((error) => `${source} document ${index + 1}: ${error.message}`));
      return;
    }
    collect(document.toJS(), objects);
  });
  if (problems.length > 0) throw new MeshConfigError(problems);
  return objects;
}

function collect(value: unknown, into: KubernetesObject[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
    return;
  }
  if (typeof value !== 'object') return;
  const object = value as KubernetesObject;
  if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
    collect(object.items, into);
    return;
  }
  into.push(object);
}

export interface IstioRoutingObjects {
  virtualServices: VirtualService[];
  destinationRules: DestinationRule[];
  /** Gateway API HTTPRoutes (routing.api gateway-api). */
  httpRoutes: GatewayHttpRoute[];
  /** Services with a selector: the backends HTTPRoutes name. */
  services: ServiceSelector[];
  /** Objects of other kinds (Deployments, Services, Gateways …): the mesh does not apply them. */
  ignored: number;
}

/**
 * Picks the routing objects out of a rendered release: VirtualServices and DestinationRules
 * (networking.istio.io v1, v1beta1, v1alpha3), Gateway API HTTPRoutes, and the Services their
 * backends name. Each gets its namespace: its own, or the mesh's default one, as `helm template`
 * leaves metadata.namespace out unless a chart sets it.
 */
export function selectRoutingObjects(objects: readonly KubernetesObject[], defaultNamespace: string): IstioRoutingObjects {
  const result: IstioRoutingObjects = { virtualServices: [], destinationRules: [], httpRoutes: [], services: [], ignored: 0 };
  const problems: string[] = [];
  objects.forEach((object, index) => {
    const apiVersion = String(object.apiVersion);
    const isIstioNetworking = (ISTIO_NETWORKING_API_VERSIONS as readonly string[]).includes(apiVersion) && (object.kind === 'VirtualService' || object.kind === 'DestinationRule');
    const isHttpRoute = (GATEWAY_API_VERSIONS as readonly string[]).includes(apiVersion) && object.kind === 'HTTPRoute';
    const isService = apiVersion === 'v1' && object.kind === 'Service';
    if (!isIstioNetworking && !isHttpRoute && !isService) {
      result.ignored++;
      return;
    }
    const name = typeof object.metadata?.name === 'string' ? object.metadata.name : `#${index + 1}`;
    const namespace = typeof object.metadata?.namespace === 'string' ? object.metadata.namespace : defaultNamespace;
    if (object.spec === null || typeof object.spec !== 'object' || Array.isArray(object.spec)) {
      problems.push(`${object.kind} ${name}: spec must be an object`);
      return;
    }
    if (isService) {
      const { selector, ports } = object.spec as { selector?: unknown; ports?: { port?: unknown; targetPort?: unknown }[] };
      if (selector !== null && typeof selector === 'object' && !Array.isArray(selector)) {
        // A targetPort left out is the port itself, as in Kubernetes.
        const servicePorts = (Array.isArray(ports) ? ports : []).map((entry) => ({ port: Number(entry.port), targetPort: (entry.targetPort ?? Number(entry.port)) as number | string }));
        result.services.push({ name, namespace, selector: selector as Record<string, string>, ports: servicePorts });
      } else {
        result.ignored++;
      }
    } else if (isHttpRoute) {
      const createdAt = typeof object.metadata?.creationTimestamp === 'string' ? object.metadata.creationTimestamp : undefined;
      result.httpRoutes.push({ name, namespace, createdAt, spec: object.spec as HTTPRouteSpec });
    } else if (object.kind === 'VirtualService') {
      result.virtualServices.push({ name, namespace, spec: object.spec as VirtualServiceSpec });
    } else {
      result.destinationRules.push({ name, namespace, spec: object.spec as DestinationRuleSpec });
    }
  });
  if (problems.length > 0) throw new MeshConfigError(problems);
  return result;
}
