import type { StackOptions } from './stack-options';

/** What `npm start -- --dry-run` prints: every process `npm start` would run and its port. */
export function describeStackPlan(options: StackOptions): string[] {
  const { ports } = options;
  const row = (name: string, text: string) => `  ${name.padEnd(16)} ${text}`;
  return [
    'npm start would run (--dry-run: nothing is started):',
    row('database', options.databaseUrl ? 'your PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL (PGlite) on 127.0.0.1:${ports.database}`),
    row('gateway', `http://127.0.0.1:${ports.gateway} → ${options.gatewayService} (the mesh's ingress gateway)`),
    ...Object.entries(options.versions).map(([service, versions]) =>
      row(service, `${versions.map((version) => `${version} on :${ports.services[service][version]}${streamsNote(ports.streams[service]?.[version])}`).join(', ')}, behind the mesh listener :${ports.meshListeners[service]}`),
    ),
    row('routing', options.routingApi === 'istio' ? "the charts' VirtualServices and DestinationRules (--routing istio)" : "the charts' HTTPRoutes and per-track Services (--routing gateway-api)"),
    row('mesh admin', `:${ports.meshAdmin}`),
    row('stack admin', `:${ports.stackAdmin}`),
    ...(options.withPrometheus ? [row('prometheus', `:${ports.prometheus}`)] : []),
  ];
}

const streamsNote = (port: number | undefined) => (port ? ` (streams :${port})` : '');
