import { type KubeObject, objectId, ofKind } from './kube-object';
import { httpRoutes } from './route-table';

/**
 * Istio's routing rules as Istio would read them, checked across all rendered objects. Each message
 * names the object and the rule, so a broken template points at itself. Hosts are short names,
 * resolved in the object's namespace, as the charts write them.
 */
export function istioSemanticErrors(objects: readonly KubeObject[]): string[] {
  const errors: string[] = [];
  const services = new Map(ofKind(objects, 'Service').map((service) => [service.metadata.name, service]));
  const destinationRules = ofKind(objects, 'DestinationRule');
  const gateways = new Set(ofKind(objects, 'Gateway').map((gateway) => gateway.metadata.name));
  const subsetsOf = (host: string) => new Set(destinationRules
    .filter((rule) => shortHost(rule.spec?.host as string) === host)
    .flatMap((rule) => ((rule.spec?.subsets ?? []) as { name: string }[]).map((subset) => subset.name)));
  const meshHosts = new Map<string, string>();

  for (const virtualService of ofKind(objects, 'VirtualService')) {
    const id = objectId(virtualService);
    const spec = virtualService.spec ?? {};
    const hosts = (spec.hosts ?? []) as string[];
    const boundGateways = (spec.gateways ?? ['mesh']) as string[];
    for (const gateway of boundGateways) {
      if (gateway !== 'mesh' && !gateways.has(gateway.split('/').pop() as string)) errors.push(`${id}: gateway ${gateway} does not exist`);
    }
    if (boundGateways.includes('mesh')) {
      for (const host of hosts) {
        if (host === '*') errors.push(`${id}: wildcard host * is not allowed for virtual services bound to the mesh gateway`);
        const owner = meshHosts.get(host);
        if (owner) errors.push(`${id}: host ${host} is already routed in the mesh by ${owner}`);
        meshHosts.set(host, id);
      }
    }
    const routeNames = new Set<string>();
    for (const [index, route] of httpRoutes(virtualService).entries()) {
      const where = `${id} http[${index}]${route.name ? ` (${route.name})` : ''}`;
      if (route.name) {
        if (routeNames.has(route.name)) errors.push(`${where}: duplicate route name`);
        routeNames.add(route.name);
      }
      for (const match of route.match ?? []) {
        for (const header of Object.keys(match.headers ?? {})) {
          if (header !== header.toLowerCase()) errors.push(`${where}: header ${header} must be lowercase`);
        }
      }
      const destinations = route.route ?? [];
      if (destinations.length === 0) errors.push(`${where}: no destination`);
      const weights = destinations.map((destination) => destination.weight ?? (destinations.length === 1 ? 100 : 0));
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      if (total !== 100) errors.push(`${where}: weights sum to ${total}, not 100`);
      for (const weight of weights) {
        if (!Number.isInteger(weight) || weight < 0 || weight > 100) errors.push(`${where}: weight ${weight} is not an integer in 0..100`);
      }
      const targets = [...destinations.map((destination) => ({ ...destination.destination, role: 'destination' })), ...(route.mirror ? [{ ...route.mirror, role: 'mirror' }] : [])];
      for (const target of targets) {
        const host = shortHost(target.host);
        if (!services.has(host)) errors.push(`${where}: ${target.role} host ${target.host} has no Service`);
        if (target.subset && !subsetsOf(host).has(target.subset)) errors.push(`${where}: ${target.role} subset ${target.subset} is not defined in a DestinationRule for host ${host}`);
      }
      const percent = route.mirrorPercentage?.value;
      if (percent !== undefined && !(percent >= 0 && percent <= 100)) errors.push(`${where}: mirrorPercentage ${percent} is not between 0 and 100`);
      if (percent !== undefined && !route.mirror) errors.push(`${where}: mirrorPercentage without a mirror`);
    }
  }
  errors.push(...emptySubsetErrors(objects));
  return errors;
}

/** A subset that selects no pods answers 503 "no healthy upstream": each must select a rendered Deployment. */
function emptySubsetErrors(objects: readonly KubeObject[]): string[] {
  const podLabels = ofKind(objects, 'Deployment').map((deployment) =>
    ((deployment.spec?.template as { metadata?: { labels?: Record<string, string> } })?.metadata?.labels ?? {}));
  const services = new Map(ofKind(objects, 'Service').map((service) => [service.metadata.name, (service.spec?.selector ?? {}) as Record<string, string>]));
  const errors: string[] = [];
  for (const rule of ofKind(objects, 'DestinationRule')) {
    const host = shortHost(rule.spec?.host as string);
    for (const subset of (rule.spec?.subsets ?? []) as { name: string; labels?: Record<string, string> }[]) {
      const selector = { ...(services.get(host) ?? {}), ...(subset.labels ?? {}) };
      if (!podLabels.some((labels) => Object.entries(selector).every(([key, value]) => labels[key] === value))) {
        errors.push(`${objectId(rule)}: subset ${subset.name} selects no rendered pods (${JSON.stringify(selector)})`);
      }
    }
  }
  return errors;
}

function shortHost(host: string): string {
  return host.replace(/\.[a-z0-9-]+\.svc(\.cluster\.local)?$/, '');
}
