import { type IncomingMessage, type ServerResponse } from 'node:http';
import { refuseForeignControl } from './local-control-guard';
import { MeshConfigError } from './mesh-config-error';
import { type MeshLogger } from './mesh-logger';
import { type ApplyResult, type StatsSnapshot } from './mesh-types';
import { type RoutingDescription } from './routing-description';
import { MAX_WINDOW_SECONDS } from './traffic-window';

/** What the admin API needs from the mesh. */
export interface MeshAdmin {
  applyObjectsText(text: string, source?: string): ApplyResult;
  applyWorkloads(workloads: unknown): ApplyResult;
  describe(): RoutingDescription;
  stats(windowSeconds?: number): StatsSnapshot;
  metrics(): string;
}

const MAX_ADMIN_BODY_BYTES = 8 * 1024 * 1024;

const REFUSAL_TITLES = { 401: 'Unauthorized', 403: 'Forbidden', 415: 'Unsupported Media Type' } as const;

/**
 * The admin listener:
 *   GET  /metrics (also /stats/prometheus)  Prometheus text: istio_requests_total, istio_request_duration_milliseconds
 *   GET  /stats?window=10                    JSON: rps, error rate and latency percentiles per destination version
 *   GET  /config                             JSON: the routing table as applied, with warnings
 *   PUT  /config                             replace the routing objects (YAML or JSON, as `helm template` prints them)
 *   PUT  /workloads                          replace the workloads (JSON list)
 * A change must come from this machine (Host and Origin) with a JSON or YAML body, and with the
 * bearer `adminToken` when the mesh has one (local-control-guard.ts).
 *   GET  /healthz, /readyz, /healthz/ready   200 while the mesh runs
 * Invalid input gets a 400 problem+json listing every problem, and the routing stays as it was.
 */
export function createAdminHandler(mesh: MeshAdmin, logger: MeshLogger, adminToken?: string): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://admin');
    const route = `${request.method} ${url.pathname}`;
    // Reads stay open (Prometheus in compose scrapes under the container's name); changes do not.
    const refusal = request.method === 'GET' || request.method === 'HEAD' ? undefined : refuseForeignControl(request, adminToken);
    if (refusal) return problem(response, refusal.status, REFUSAL_TITLES[refusal.status], [refusal.detail]);
    void (async () => {
      switch (route) {
        case 'GET /metrics':
        case 'GET /stats/prometheus':
          return send(response, 200, 'text/plain; version=0.0.4; charset=utf-8', mesh.metrics());
        case 'GET /stats': {
          const window = Number(url.searchParams.get('window') ?? 10);
          if (!Number.isFinite(window) || window < 1 || window > MAX_WINDOW_SECONDS) {
            return problem(response, 400, 'Invalid window', [`window: expected seconds between 1 and ${MAX_WINDOW_SECONDS}`]);
          }
          return sendJson(response, 200, mesh.stats(window));
        }
        case 'GET /config':
          return sendJson(response, 200, mesh.describe());
        case 'PUT /config':
        case 'POST /config': {
          const text = await readText(request);
          return apply(response, logger, () => mesh.applyObjectsText(text, 'PUT /config'));
        }
        case 'PUT /workloads':
        case 'POST /workloads': {
          const text = await readText(request);
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch (error) {
            return problem(response, 400, 'Invalid JSON', [(error as Error).message]);
          }
          return apply(response, logger, () => mesh.applyWorkloads(parsed));
        }
        case 'GET /healthz':
        case 'GET /readyz':
        case 'GET /healthz/ready':
          return sendJson(response, 200, { status: 'ok' });
        default:
          return problem(response, 404, 'Not found', [`no admin endpoint ${route}; see GET /config, /stats, /metrics`]);
      }
    })().catch((error: Error) => problem(response, 400, 'Bad request', [error.message]));
  };
}

function apply(response: ServerResponse, logger: MeshLogger, change: () => ApplyResult): void {
  try {
    const result = change();
    sendJson(response, 200, { status: 'applied', version: result.version, warnings: result.warnings });
  } catch (error) {
    if (!(error instanceof MeshConfigError)) throw error;
    logger.warn('configuration rejected; routing unchanged', { problems: error.problems });
    problem(response, 400, 'Invalid routing configuration', error.problems);
  }
}

function readText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ADMIN_BODY_BYTES) {
        reject(new Error(`body larger than ${MAX_ADMIN_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json', `${JSON.stringify(body, null, 2)}\n`);
}

/** RFC 9457 problem details, with the list of problems in `errors`. */
function problem(response: ServerResponse, status: number, title: string, errors: readonly string[]): void {
  send(response, status, 'application/problem+json', `${JSON.stringify({ type: 'about:blank', title, status, detail: errors.join('; '), errors }, null, 2)}\n`);
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  if (response.headersSent) return;
  // A 401 names the scheme it wants (RFC 9110), so a client knows to send a bearer token.
  if (status === 401) response.setHeader('www-authenticate', 'Bearer realm="courier-mesh"');
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
