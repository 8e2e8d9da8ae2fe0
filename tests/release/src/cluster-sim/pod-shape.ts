import type { KubeObject } from '../../../charts/src/kube-object';
import type { PodShape } from './cluster-state';

interface Container {
  name: string;
  image?: string;
  env?: { valueFrom?: { secretKeyRef?: { name: string; optional?: boolean } } }[];
  envFrom?: { secretRef?: { name: string; optional?: boolean } }[];
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: Container[]; initContainers?: Container[]; volumes?: { secret?: { secretName: string; optional?: boolean } }[] };
}

export const podTemplateOf = (workload: KubeObject): PodTemplate => ((workload.spec ?? {}) as { template?: PodTemplate }).template ?? {};

/** The pod a Deployment or Job template makes, reduced to what the simulator reasons about. */
export function podShape(workload: KubeObject): PodShape {
  const template = podTemplateOf(workload);
  const containers = [...(template.spec?.initContainers ?? []), ...(template.spec?.containers ?? [])];
  const secrets = new Set<string>();
  for (const container of containers) {
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (ref && !ref.optional) secrets.add(ref.name);
    }
    for (const from of container.envFrom ?? []) if (from.secretRef && !from.secretRef.optional) secrets.add(from.secretRef.name);
  }
  for (const volume of template.spec?.volumes ?? []) if (volume.secret && !volume.secret.optional) secrets.add(volume.secret.secretName);
  return {
    labels: template.metadata?.labels ?? {},
    images: (template.spec?.containers ?? []).map((container) => container.image ?? ''),
    containers: (template.spec?.containers ?? []).map((container) => container.name),
    secrets: [...secrets].sort(),
  };
}

/** The pod opted out of injection (the migration Job does: it must exit, and PostgreSQL is outside the mesh). */
export const optsOutOfSidecar = (workload: KubeObject) => podTemplateOf(workload).metadata?.annotations?.['sidecar.istio.io/inject'] === 'false';

export const samePodShape = (a: PodShape, b: PodShape) => JSON.stringify(a) === JSON.stringify(b);

/** Every label of the selector is on the object, with the same value. */
export const matchesLabels = (labels: Readonly<Record<string, string>>, selector: Readonly<Record<string, string>>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** kubectl's `-l a=b,c=d` (equality selectors only). */
export function parseSelector(text: string): Record<string, string> {
  const selector: Record<string, string> = {};
  for (const term of text.split(',').filter(Boolean)) {
    const match = /^([^=!]+)==?(.*)$/.exec(term);
    if (!match) throw new Error(`the cluster simulator supports equality selectors only (got "${term}")`);
    selector[match[1].trim()] = match[2].trim();
  }
  return selector;
}
