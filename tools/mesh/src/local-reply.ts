import { type ServerResponse } from 'node:http';

/**
 * Responses the mesh makes itself, with Envoy's bodies and access-log response flags, so a
 * failing call reads the same locally as in a cluster.
 */
export const LocalReply = {
  noRoute: { status: 404, body: '', flag: 'NR' },
  noCluster: { status: 503, body: 'no healthy upstream', flag: 'NC' },
  noHealthyUpstream: { status: 503, body: 'no healthy upstream', flag: 'UH' },
  /** The workloads refused or dropped the connection on every attempt. */
  connectionFailure: { status: 503, body: 'no healthy upstream', flag: 'UF' },
  upstreamReset: { status: 503, body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination', flag: 'UC' },
  upstreamTimeout: { status: 504, body: 'upstream request timeout', flag: 'UT' },
  faultAbort: { body: 'fault filter abort', flag: 'FI' },
  payloadTooLarge: { status: 413, body: 'Payload Too Large', flag: '-' },
} as const;

/** Writes a local reply as Envoy does (plain text); a response already under way is cut off instead. */
export function writeLocalReply(response: ServerResponse, status: number, body: string): void {
  if (response.headersSent || response.destroyed) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** Response flags joined as Envoy prints them (`DI,UF,URX`); `-` alone when there are none. */
export function joinFlags(...flags: string[]): string {
  const present = flags.filter((flag) => flag !== '' && flag !== '-');
  return present.length === 0 ? '-' : present.join(',');
}
