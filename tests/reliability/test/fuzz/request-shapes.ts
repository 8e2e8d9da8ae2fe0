import fc from 'fast-check';
import type { OutgoingRequest } from '../support/bounded-request';
import { hostileHeaderValue } from './hostile-values';

/**
 * How a body goes on the wire: mostly well-formed JSON (so validation is what gets exercised), and
 * otherwise malformed JSON, a body under a wrong or odd content type, or no content type at all.
 */
const encodings = fc.oneof(
  { arbitrary: fc.constant({ kind: 'json' as const, contentType: 'application/json' }), weight: 12 },
  { arbitrary: fc.constant({ kind: 'truncated' as const, contentType: 'application/json' }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'garbage' as const, contentType: 'application/json' }), weight: 1 },
  {
    arbitrary: fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/problem+json',
        'application/octet-stream',
        'application/jsonx',
        ';;;',
        '',
      )
      .map((contentType) => ({ kind: 'json' as const, contentType })),
    weight: 3,
  },
  { arbitrary: fc.constant({ kind: 'json' as const, contentType: undefined }), weight: 1 },
);

/** Optional extra headers a hostile or careless client sends. */
const extraHeaders = fc.record(
  {
    'x-request-id': hostileHeaderValue,
    accept: fc.constantFrom('*/*', 'text/html', 'application/xml', 'application/problem+json', ''),
    'x-forwarded-for': hostileHeaderValue,
    traceparent: hostileHeaderValue,
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x-unknown'),
  },
  { requiredKeys: [] },
);

/** A request with a JSON-ish body, encoded one of the ways above, with stray headers. */
export function withBody(method: string, path: fc.Arbitrary<string>, body: fc.Arbitrary<unknown>, headers?: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<OutgoingRequest> {
  return fc
    .record({ path, body, encoding: encodings, extra: extraHeaders, own: headers ?? fc.constant({}), garbage: fc.uint8Array({ maxLength: 200 }) })
    .map(({ path: p, body: value, encoding, extra, own, garbage }) => {
      const json = JSON.stringify(value) ?? 'null';
      const payload =
        encoding.kind === 'json' ? json : encoding.kind === 'truncated' ? json.slice(0, Math.max(0, json.length - 1 - (json.length >> 1))) : Buffer.from(garbage);
      const contentType = encoding.contentType === undefined ? {} : { 'content-type': encoding.contentType };
      return { method, path: p, body: payload, headers: { ...extra, ...own, ...contentType } };
    });
}

/** A request without a body (GET, DELETE), with stray headers. */
export function withoutBody(method: string, path: fc.Arbitrary<string>, headers?: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<OutgoingRequest> {
  return fc.record({ path, extra: extraHeaders, own: headers ?? fc.constant({}) }).map(({ path: p, extra, own }) => ({ method, path: p, headers: { ...extra, ...own } }));
}
