/** TypeScript shape of crd/service-monitor.schema.json, for the excess-property check. */
export interface IServiceMonitor {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'ServiceMonitor';
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    selector: { matchLabels?: Record<string, string> };
    endpoints: { port: string; path?: string; interval?: string }[];
  };
}
