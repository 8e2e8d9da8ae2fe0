import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/** Why a control request is refused: the status to answer and a detail naming the header. */
export interface ControlRefusal {
  status: 401 | 403 | 415;
  detail: string;
}

/** The names this machine answers to on loopback. A DNS-rebound name resolves here too, but is none of them. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Content types a browser may send cross-site without asking first (a CORS "simple request"). */
const SIMPLE_CONTENT_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host name of a Host header (`127.0.0.1:8079`, `[::1]:15020`, `localhost`), lower-cased. */
function hostName(host: string): string {
  const bracketed = /^(\[[^\]]+\])(:\d+)?$/.exec(host);
  return (bracketed ? bracketed[1] : host.replace(/:\d+$/, '')).toLowerCase();
}

/**
 * The checks every local control surface (the stack admin API, the mesh admin API) makes before a
 * request can change anything, so that a web page the developer has open cannot:
 *
 *   - Host must name this machine (127.0.0.1, localhost, [::1]): a DNS-rebinding page reaches
 *     loopback under its own name;
 *   - Origin, when a browser sends one, must be a page on this machine;
 *   - a body must be of a type a browser sends cross-site only after a CORS preflight, which these
 *     servers never grant (so application/json or YAML, never text/plain or a form);
 *   - with a `controlToken` (npm start makes one per run), a change must carry it as a bearer token,
 *     so that another process or user on this machine cannot drive the stack either.
 *
 * Returns undefined when the request may go on.
 */
export function refuseForeignControl(request: IncomingMessage, controlToken?: string): ControlRefusal | undefined {
  const host = request.headers.host ?? '';
  if (!LOOPBACK_NAMES.has(hostName(host))) {
    return { status: 403, detail: `host: "${host}" is not this machine; the admin API answers only to 127.0.0.1, localhost or [::1]` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      // An opaque origin ("null": a sandboxed frame or a file) is never this machine's page.
    }
    if (!LOOPBACK_NAMES.has(hostName(originHost))) {
      return { status: 403, detail: `origin: "${origin}" is another site; control requests come from this machine only` };
    }
  }
  if (SAFE_METHODS.has(request.method ?? 'GET')) return undefined;
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === '' || SIMPLE_CONTENT_TYPES.has(type)) {
    return { status: 415, detail: `content-type: send the body as application/json${type ? ` (got ${type})` : ''}; a browser can send ${type || 'a bodiless request'} cross-site without asking` };
  }
  if (controlToken !== undefined && !presentsToken(request, controlToken)) {
    return { status: 401, detail: 'authorization: send "Authorization: Bearer <token>"; npm start prints the token\'s file (COURIER_CONTROL_TOKEN overrides it)' };
  }
  return undefined;
}

/** Whether the request's bearer token is `expected`, compared in constant time. */
export function presentsToken(request: IncomingMessage, expected: string): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '');
  const wanted = Buffer.from(expected);
  return presented.length === wanted.length && timingSafeEqual(presented, wanted);
}
