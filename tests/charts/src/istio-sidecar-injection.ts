import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveKubernetesTool, UPSTREAM_CHARTS } from '@courier/cluster';
import { parse } from 'yaml';
import { HelmCli } from './helm-cli';
import { helmInjectionTemplate } from './istio-injection-template';
import { findObject, type KubeObject, parseManifests } from './kube-object';
import { renderUpstream } from './upstream-rendering';
import { WORKSPACE_ROOT } from './workspace-paths';

/**
 * Sidecar injection as istiod performs it, without a cluster: Istio's own template and values, as
 * the istiod chart renders them into the istio-sidecar-injector ConfigMap with Courier's values, are
 * rendered by the real helm (istio-injection-template.ts) for each pod template the charts render,
 * and the result is merged into the pod the way the webhook's strategic merge does it (by container
 * and volume name). What the webhook adds afterwards (probe rewriting, the status annotation) changes
 * neither containers' security nor volumes, and is not modelled.
 */

/** What istiod reads to inject: the injector's values and `sidecar` template, and the mesh config. */
export interface IstioInjector {
  readonly values: InjectorValues;
  readonly template: string;
  readonly mesh: { trustDomain?: string; defaultConfig?: Record<string, unknown> };
}

export interface InjectorValues {
  global: { hub: string; tag: string; variant?: string; proxy: { image: string } } & Record<string, unknown>;
  pilot: { cni: { enabled: boolean; provider?: string } } & Record<string, unknown>;
  [key: string]: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: { name: string; ports?: unknown[] }[]; initContainers?: { name: string }[]; volumes?: { name: string }[]; serviceAccountName?: string } & Record<string, unknown>;
}

/** The injector as the istiod chart renders it with k8s/istio/istiod.values.yaml (what `courier-cluster up` installs). */
export function istioInjector(): IstioInjector {
  const objects = renderUpstream(UPSTREAM_CHARTS.istiod).objects;
  const injector = findObject(objects, 'ConfigMap', 'istio-sidecar-injector').data as { values: string; config: string };
  const templates = (parse(injector.config) as { templates: Record<string, string> }).templates;
  const mesh = parse((findObject(objects, 'ConfigMap', 'istio').data as { mesh: string }).mesh) as IstioInjector['mesh'];
  return { values: JSON.parse(injector.values) as InjectorValues, template: templates.sidecar, mesh };
}

/** Whether the webhook injects this pod in a namespace labelled istio-injection=enabled. */
export function isInjected(pod: PodTemplate): boolean {
  const opt = pod.metadata?.labels?.['sidecar.istio.io/inject'] ?? pod.metadata?.annotations?.['sidecar.istio.io/inject'];
  return opt !== 'false';
}

export interface InjectionOptions {
  /** Kubernetes native sidecars (istio-proxy as an init container): Istio's default since 1.27. */
  readonly nativeSidecars: boolean;
}

/** The pod templates of `objects` (Deployments, Jobs) with what Istio injects merged in, in the namespace `namespace`. */
export function injectSidecars(injector: IstioInjector, workloads: readonly KubeObject[], namespace: string, options: InjectionOptions): PodTemplate[] {
  const pods = workloads.map((workload) => (workload.spec?.template ?? (workload.spec?.jobTemplate as { spec: { template: unknown } }).spec.template) as PodTemplate);
  const contexts = workloads.map((workload, index) => templateContext(injector, workload, pods[index], namespace, options));
  const patches = renderPatches(injector, contexts);
  return pods.map((pod, index) => mergePatch(pod, patches[index]));
}

/** The data istiod's template reads (pkg/kube/inject: SidecarTemplateData), with Go's field names. */
function templateContext(injector: IstioInjector, workload: KubeObject, pod: PodTemplate, namespace: string, options: InjectionOptions) {
  const { values, mesh } = injector;
  const defaultConfig = mesh.defaultConfig ?? {};
  const proxyMetadata = (defaultConfig.proxyMetadata ?? {}) as Record<string, string>;
  const hold = defaultConfig.holdApplicationUntilProxyStarts === true;
  const variant = values.global.variant ? `-${values.global.variant}` : '';
  return {
    TypeMeta: { APIVersion: workload.apiVersion, Kind: workload.kind },
    DeploymentMeta: { Name: workload.metadata.name, Namespace: namespace },
    ObjectMeta: { Name: workload.metadata.name, Namespace: namespace, Labels: pod.metadata?.labels ?? {}, Annotations: pod.metadata?.annotations ?? {} },
    Spec: {
      Containers: pod.spec.containers.map((container) => ({ Name: container.name, Ports: container.ports ?? [] })),
      ServiceAccountName: pod.spec.serviceAccountName ?? '',
    },
    // ProxyConfig: the mesh's defaultConfig. Protobuf wrappers and getters become keys of the same name.
    ProxyConfig: {
      InterceptionMode: (defaultConfig.interceptionMode as string | undefined) ?? 'REDIRECT',
      HoldApplicationUntilProxyStarts: { GetValue: hold },
      ProxyMetadata: proxyMetadata,
      GetTracing: { GetTlsSettings: null },
      // protoToJSON: the proto's JSON (camelCase) without the fields left at their defaults.
      ProtoJSON: JSON.stringify(defaultConfig),
    },
    MeshConfig: { ProxyListenPort: 15001, ProxyInboundListenPort: 15006, TrustDomain: mesh.trustDomain ?? 'cluster.local' },
    Values: values,
    Revision: '',
    NativeSidecars: options.nativeSidecars,
    ProxyImage: `${values.global.hub}/${values.global.proxy.image}:${values.global.tag}${variant}`,
    InboundTrafficPolicyMode: '',
    CompliancePolicy: '',
  };
}

let helm: HelmCli | undefined;

/** One `helm template` for all pods: a throwaway chart whose only template is Istio's, once per pod. */
function renderPatches(injector: IstioInjector, contexts: unknown[]): PodTemplate[] {
  const template = helmInjectionTemplate(injector.template);
  const chart = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-istio-injection-'));
  try {
    fs.mkdirSync(path.join(chart, 'templates'));
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: istio-sidecar-injection\nversion: 0.0.0\n');
    fs.writeFileSync(path.join(chart, 'templates', '_istio-functions.tpl'), template.functions);
    fs.writeFileSync(path.join(chart, 'templates', '_istio-sidecar.tpl'), `${template.definitions}\n{{- define "istio.sidecar" }}${template.sidecar}{{- end }}\n`);
    fs.writeFileSync(path.join(chart, 'templates', 'patches.yaml'), '{{- range .Values.pods }}\n---\n{{ include "istio.sidecar" . }}\n{{- end }}\n');
    fs.writeFileSync(path.join(chart, 'values.json'), JSON.stringify({ pods: contexts }));
    helm ??= new HelmCli(resolveKubernetesTool('helm', WORKSPACE_ROOT));
    const result = helm.run(['template', 'injection', chart, '-f', path.join(chart, 'values.json')]);
    if (result.status !== 0) throw new Error(`rendering Istio's injection template with helm failed:\n${result.stderr}`);
    const patches = parseManifests(result.stdout) as unknown as PodTemplate[];
    if (patches.length !== contexts.length) throw new Error(`Istio's injection template rendered ${patches.length} patches for ${contexts.length} pods`);
    return patches;
  } finally {
    fs.rmSync(chart, { recursive: true, force: true });
  }
}

type Named = { name: string } & Record<string, unknown>;

/** The webhook's strategic merge of the rendered template into the pod: lists of named items merge by name, maps deeply. */
function mergePatch(pod: PodTemplate, patch: PodTemplate): PodTemplate {
  const spec = { ...pod.spec } as Record<string, unknown>;
  for (const [field, value] of Object.entries(patch.spec ?? {})) {
    if (['containers', 'initContainers', 'volumes'].includes(field)) spec[field] = mergeByName((spec[field] ?? []) as Named[], (value ?? []) as Named[]);
    else spec[field] = value;
  }
  return {
    metadata: {
      labels: { ...pod.metadata?.labels, ...patch.metadata?.labels },
      annotations: { ...pod.metadata?.annotations, ...patch.metadata?.annotations },
    },
    spec: spec as PodTemplate['spec'],
  };
}

function mergeByName(original: Named[], patch: Named[]): Named[] {
  const merged = original.map((item) => {
    const update = patch.find((candidate) => candidate.name === item.name);
    return update ? deepMerge(item, update) : item;
  });
  return [...merged, ...patch.filter((item) => !original.some((existing) => existing.name === item.name))];
}

function deepMerge<T extends Record<string, unknown>>(base: T, update: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(update)) {
    const current = out[key];
    out[key] = isMap(current) && isMap(value) ? deepMerge(current, value) : value;
  }
  return out as T;
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
