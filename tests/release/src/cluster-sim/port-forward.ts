import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeObject } from '../../../charts/src/kube-object';
import type { ClusterCore } from './cluster-core';
import { objectKey } from './cluster-state';
import { type CommandLine, lastValue } from './command-line';
import { answerGateway } from './ingress-gateway';
import { matchesLabels } from './pod-shape';
import { answerQuery } from './prometheus-api';
import { GATEWAY_NAME_LABEL } from './route-model';
import { fail, type ToolReply } from './tool-call';

/** Annotation the seed helpers put on Services that stand for infrastructure, naming what answers. */
export const ANSWERS_ANNOTATION = 'cluster-sim.courier.dev/answers';

type Handler = (request: http.IncomingMessage, url: URL) => { status: number; headers?: Record<string, string>; body: unknown };

interface ServicePort {
  port: number;
  targetPort?: number | string;
}

/** The container port a Service port forwards to (a named targetPort looked up in the Deployments it selects). */
function targetPortOf(core: ClusterCore, service: KubeObject, port: ServicePort): number {
  if (typeof port.targetPort === 'number') return port.targetPort;
  if (port.targetPort === undefined) return port.port;
  const selector = (service.spec?.selector ?? {}) as Record<string, string>;
  for (const object of Object.values(core.current.objects)) {
    if (object.kind !== 'Deployment' || object.metadata.namespace !== service.metadata.namespace) continue;
    const template = (object.spec as { template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: { ports?: { name?: string; containerPort: number }[] }[] } } }).template;
    if (!matchesLabels(template?.metadata?.labels ?? {}, selector)) continue;
    const found = template?.spec?.containers?.flatMap((container) => container.ports ?? []).find((entry) => entry.name === port.targetPort);
    if (found) return found.containerPort;
  }
  return port.port;
}

/** A release's Service: healthy when a ready Deployment behind it exists now. */
function healthHandler(core: ClusterCore, service: KubeObject): Handler {
  return (_request, url) => {
    if (url.pathname !== '/healthz' && url.pathname !== '/readyz') return { status: 404, body: { error: `the cluster simulator serves /healthz and /readyz on ${service.metadata.name}` } };
    const selector = (service.spec?.selector ?? {}) as Record<string, string>;
    const ready = Object.values(core.current.deployments).some(
      (deployment) => deployment.namespace === service.metadata.namespace && deployment.ready && deployment.running && matchesLabels(deployment.running.labels, selector),
    );
    return ready ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'unavailable', reason: `no ready pod behind service ${service.metadata.name}` } };
  };
}

function handlerFor(core: ClusterCore, service: KubeObject, command: string, forwardId: number): Handler {
  switch (service.metadata.annotations?.[ANSWERS_ANNOTATION]) {
    case 'prometheus':
      return (_request, url) => (url.pathname === '/api/v1/query' ? answerQuery(core.current, url.searchParams.get('query'), core.badVersions) : { status: 404, body: { status: 'error', error: `not found: ${url.pathname}` } });
    case 'ingress-gateway': {
      let served = 0;
      // A Service Istio deployed for a Gateway API Gateway routes by that Gateway's HTTPRoutes.
      const gatewayName = service.metadata.labels?.[GATEWAY_NAME_LABEL];
      const gateway = gatewayName ? { namespace: service.metadata.namespace ?? '', name: gatewayName } : undefined;
      return (request) => answerGateway(core, command, forwardId, request, served++, gateway);
    }
    default:
      return healthHandler(core, service);
  }
}

/** `[LOCAL]:REMOTE` or `PORT` (the same port on both sides), as kubectl reads it. */
function parsePorts(spec: string): { local: number; remote: number } | undefined {
  const match = /^(\d*):(\d+)$/.exec(spec) ?? /^()(\d+)$/.exec(spec);
  if (!match) return undefined;
  const remote = Number(match[2]);
  return { local: spec.includes(':') ? Number(match[1] || 0) : remote, remote };
}

/**
 * `kubectl port-forward -n NS svc/NAME [LOCAL]:PORT`: a real HTTP server on 127.0.0.1 that answers
 * from the simulated cluster as it is at each request. Replies with kubectl's "Forwarding from" line
 * and a hold that stops the server.
 */
export async function kubectlPortForward(core: ClusterCore, command: string, line: CommandLine, namespace: string): Promise<ToolReply> {
  const [, resource, portSpec] = line.positionals;
  const [kind, name] = resource?.split('/') ?? [];
  if (!['svc', 'service', 'services'].includes(kind ?? '') || !name) return fail('error: the cluster simulator forwards to services only (svc/NAME)');
  const service = core.current.objects[objectKey(namespace, 'Service', name)];
  if (!service) return fail(`Error from server (NotFound): services "${name}" not found`);
  const ports = parsePorts(portSpec ?? '');
  if (!ports) return fail(`error: invalid port specification "${portSpec ?? ''}"`);
  const servicePort = ((service.spec?.ports ?? []) as ServicePort[]).find((entry) => entry.port === ports.remote);
  if (!servicePort) return fail(`error: Service ${name} does not have a service port ${ports.remote}`);
  const forwardId = core.nextProbeId();
  const handler = handlerFor(core, service, command, forwardId);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const answer = handler(request, url);
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(JSON.stringify(answer.body));
  });
  const address = lastValue(line, 'address') ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports.local, address.split(',')[0], () => resolve());
    });
  } catch (error) {
    return fail(`Unable to listen on port ${ports.local}: ${(error as Error).message}\nerror: unable to listen on any of the requested ports: [{${ports.local} ${ports.remote}}]`);
  }
  const port = (server.address() as AddressInfo).port;
  const hold = core.track(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    core.endProbes(command, forwardId);
  });
  return { code: 0, stdout: `Forwarding from 127.0.0.1:${port} -> ${targetPortOf(core, service, servicePort)}\n`, stderr: '', hold };
}
