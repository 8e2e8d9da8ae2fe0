/** One entry of a Prometheus `relabel_configs` list, as the rendered prometheus.yml has it. */
export interface RelabelConfig {
  readonly action?: string;
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  readonly regex?: string | boolean;
  readonly replacement?: string;
  readonly target_label?: string;
}

export type Labels = Record<string, string>;

/** Prometheus anchors every relabel regex at both ends and writes groups as `$1` or `${1}`. */
const anchored = (regex: RelabelConfig['regex']) => new RegExp(`^(?:${String(regex ?? '(.*)')})$`);
const jsReplacement = (replacement: string | undefined) => (replacement ?? '$1').replace(/\$\{(\w+)\}/g, '$$$1');

/**
 * Applies relabel rules to a discovered target the way Prometheus does, for the actions the charts
 * use; returns null when the target is dropped. An action it does not know is an error, so a check
 * built on it cannot pass by ignoring a rule.
 */
export function relabel(initial: Labels, configs: readonly RelabelConfig[]): Labels | null {
  const labels: Labels = { ...initial };
  for (const config of configs) {
    const action = config.action ?? 'replace';
    const regex = anchored(config.regex);
    const value = (config.source_labels ?? []).map((name) => labels[name] ?? '').join(config.separator ?? ';');
    switch (action) {
      case 'keep':
        if (!regex.test(value)) return null;
        break;
      case 'drop':
        if (regex.test(value)) return null;
        break;
      case 'replace': {
        if (!regex.test(value) || !config.target_label) break;
        const result = value.replace(regex, jsReplacement(config.replacement));
        if (result === '') delete labels[config.target_label];
        else labels[config.target_label] = result;
        break;
      }
      case 'labelmap':
        for (const [name, labelValue] of Object.entries(labels)) {
          if (regex.test(name)) labels[name.replace(regex, jsReplacement(config.replacement))] = labelValue;
        }
        break;
      default:
        throw new Error(`relabel action "${action}" is not simulated; extend prometheus-relabel.ts before relying on it`);
    }
  }
  return labels;
}

/** The labels Kubernetes service discovery gives a pod target (role: pod), before relabeling. */
export function podTargetLabels(pod: { ip: string; namespace: string; name: string; annotations: Labels; labels?: Labels }): Labels {
  const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');
  return {
    __address__: pod.ip,
    __scheme__: 'http',
    __metrics_path__: '/metrics',
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: pod.name,
    __meta_kubernetes_pod_ip: pod.ip,
    __meta_kubernetes_pod_phase: 'Running',
    ...Object.fromEntries(Object.entries(pod.annotations).map(([name, value]) => [`__meta_kubernetes_pod_annotation_${sanitize(name)}`, value])),
    ...Object.fromEntries(Object.entries(pod.labels ?? {}).map(([name, value]) => [`__meta_kubernetes_pod_label_${sanitize(name)}`, value])),
  };
}
