import fc from 'fast-check';
import type { OutgoingRequest } from '../support/bounded-request';
import { hostileBody, hostileHeaderValue, hostileId, hostileQuery, hostileString, percentEncode } from './hostile-values';
import { withBody, withoutBody } from './request-shapes';

/** One public endpoint of one service, with the generator of hostile requests for it. */
export interface FuzzTarget {
  service: string;
  endpoint: string;
  baseUrl: string;
  requests: fc.Arbitrary<OutgoingRequest>;
}

/** Ids that exist, so that some generated requests get past "not found" into the real work. */
export interface KnownRecords {
  userIds: readonly string[];
  deliveryIds: readonly string[];
}

const EVENT_TYPES = ['ASSIGN', 'PICK_UP', 'DEPART', 'DELIVER', 'CANCEL'] as const;

const userFields = { email: fc.emailAddress(), name: fc.string({ minLength: 1, maxLength: 60 }) };

function userTargets(service: string, baseUrl: string, prefix: string, known: KnownRecords): FuzzTarget[] {
  const root = `${prefix}/users`;
  // Deleting the seeded users would starve the delivery targets of a valid owner, so DELETE never gets them.
  const idPath = hostileId(known.userIds).map((id) => `${root}/${id}`);
  const deletablePath = hostileId([fc.sample(fc.uuid(), 1)[0]]).map((id) => `${root}/${id}`);
  const target = (endpoint: string, requests: fc.Arbitrary<OutgoingRequest>) => ({ service, endpoint, baseUrl, requests });
  return [
    target(`POST ${root}`, withBody('POST', fc.constant(root), hostileBody(userFields))),
    target(`GET ${root}`, withoutBody('GET', hostileQuery({ limit: fc.integer({ min: 1, max: 100 }), cursor: fc.constantFrom(...known.userIds), email: fc.emailAddress() }).map((q) => `${root}${q}`))),
    target(`GET ${root}/:id`, withoutBody('GET', idPath)),
    target(`PATCH ${root}/:id`, withBody('PATCH', idPath, hostileBody(userFields))),
    target(`DELETE ${root}/:id`, withoutBody('DELETE', deletablePath)),
  ];
}

function deliveryTargets(service: string, baseUrl: string, prefix: string, known: KnownRecords): FuzzTarget[] {
  const root = `${prefix}/deliveries`;
  const owner = fc.oneof(fc.constantFrom(...known.userIds), fc.uuid());
  const createFields = {
    ownerId: owner,
    pickupAddress: fc.string({ minLength: 1, maxLength: 80 }),
    dropoffAddress: fc.string({ minLength: 1, maxLength: 80 }),
    distanceKm: fc.double({ min: 0.1, max: 1000, noNaN: true }),
  };
  const eventFields = { type: fc.constantFrom(...EVENT_TYPES), courierName: fc.string({ maxLength: 40 }), note: fc.string({ maxLength: 80 }) };
  const idempotencyKey = fc.record({ 'idempotency-key': fc.oneof(fc.uuid(), hostileHeaderValue) }, { requiredKeys: [] });
  const idPath = hostileId(known.deliveryIds);
  const target = (endpoint: string, requests: fc.Arbitrary<OutgoingRequest>) => ({ service, endpoint, baseUrl, requests });
  return [
    target(`POST ${root}`, withBody('POST', fc.constant(root), hostileBody(createFields), idempotencyKey)),
    target(`GET ${root}`, withoutBody('GET', hostileQuery({ ownerId: owner, limit: fc.integer({ min: 1, max: 100 }) }).map((q) => `${root}${q}`))),
    target(`GET ${root}/:id`, withoutBody('GET', idPath.map((id) => `${root}/${id}`))),
    target(`POST ${root}/:id/events`, withBody('POST', idPath.map((id) => `${root}/${id}/events`), hostileBody(eventFields))),
  ];
}

/** /healthz, /readyz, /version, /metrics: any method, any query, must stay well-behaved. */
function operationalTargets(service: string, baseUrl: string): FuzzTarget[] {
  const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH');
  const path = fc.tuple(fc.constantFrom('/healthz', '/readyz', '/version', '/metrics'), hostileQuery({})).map(([p, q]) => p + q);
  const requests = fc.tuple(method, path).map(([m, p]) => ({ method: m, path: p }) as OutgoingRequest);
  return [{ service, endpoint: 'operational endpoints, any method', baseUrl, requests }];
}

/** Paths no route matches, traversal and encoding tricks included: a 404 problem, never a file or a 5xx. */
function unknownRouteTargets(service: string, baseUrl: string): FuzzTarget[] {
  const segment = fc.oneof(hostileString.map((s) => percentEncode(s.slice(0, 150))), fc.constantFrom('..', '.', '%2e%2e', '%2F', '%00', '%', 'etc', 'passwd', 'node_modules', 'package.json'));
  const path = fc.array(segment, { minLength: 1, maxLength: 6 }).map((segments) => `/${segments.join('/')}`);
  return [{ service, endpoint: 'unknown paths', baseUrl, requests: withoutBody('GET', path) }];
}

export interface ServiceUrls {
  users: string;
  delivery: string;
  web: string;
}

/** Every public endpoint of users, delivery and web (web's BFF mirrors both APIs under /api). */
export function allFuzzTargets(urls: ServiceUrls, known: KnownRecords): FuzzTarget[] {
  return [
    ...userTargets('users', urls.users, '', known),
    ...operationalTargets('users', urls.users),
    ...unknownRouteTargets('users', urls.users),
    ...deliveryTargets('delivery', urls.delivery, '', known),
    ...operationalTargets('delivery', urls.delivery),
    ...unknownRouteTargets('delivery', urls.delivery),
    ...userTargets('web', urls.web, '/api', known),
    ...deliveryTargets('web', urls.web, '/api', known),
    { service: 'web', endpoint: 'GET / (page)', baseUrl: urls.web, requests: withoutBody('GET', hostileQuery({}).map((q) => `/${q}`)) },
    ...operationalTargets('web', urls.web),
    ...unknownRouteTargets('web', urls.web),
  ];
}
