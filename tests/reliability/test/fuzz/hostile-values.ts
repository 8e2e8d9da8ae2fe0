import fc from 'fast-check';

/** Strings that have broken services before: traversal, injection, control and bidi characters, NULs. */
const NOTORIOUS_STRINGS = [
  '',
  ' ',
  '\u0000',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  "'; drop table users; --",
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '\u202egnp.exe',
  '\ud83d\ude00\u200d\ud83d\udd25',
  '\ud800',
  'a\r\nset-cookie: injected=1',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

/** Long enough to cross every field limit (200–500 chars) and the 64 KiB body limit. */
const hugeString = fc
  .tuple(fc.constantFrom(201, 301, 501, 5_000, 70_000, 300_000), fc.constantFrom('a', 'é', '😀', '\u0000', ' '))
  .map(([length, unit]) => unit.repeat(length));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...NOTORIOUS_STRINGS),
  hugeString,
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, -0, 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 2 ** 31, 2 ** 63),
);

/** Anything JSON can carry, with the hostile strings and numbers weighted in. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.oneof(hostileString, hostileNumber), { maxLength: 5 }),
);

/** A field either gets a plausible value (so deeper code runs) or a hostile one (so validation must hold). */
export function plausibleOrHostile<T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: plausible, weight: 2 }, { arbitrary: hostileJson, weight: 1 });
}

/**
 * A JSON body: a random shape, or an object with the endpoint's own fields (each plausible or
 * hostile, some left out) plus unexpected keys, prototype-pollution keys included.
 */
export function hostileBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const known = fc.record(
    Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, plausibleOrHostile(value)])),
    { requiredKeys: [] },
  );
  const extras = fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'id')), hostileJson, {
    maxKeys: 2,
  });
  const withExtras = fc.tuple(known, fc.option(extras, { nil: undefined })).map(([body, extra]) => ({ ...extra, ...body }));
  return fc.oneof({ arbitrary: known, weight: 3 }, { arbitrary: withExtras, weight: 1 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 });
}

/** Path segments for `:id`: real ids, random UUIDs, and encoded or raw traversal attempts. */
export function hostileId(existing: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...existing),
    fc.uuid(),
    hostileString.map((s) => percentEncode(s.slice(0, 1_000))),
    fc.constantFrom('..', '../..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%00', '%', '%ZZ', '%c0%ae%c0%ae', ';', 'a/b', '%2F', '.', '~', '*'),
  );
}

/**
 * encodeURIComponent for any string: lone surrogates (which it throws on) go out as the UTF-8 of
 * U+FFFD, as a browser would send them.
 */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/**
 * Header values a client can legally put on the wire (HTTP field-value characters, obs-text included).
 * Path, query and headers together stay under Node's 16 KiB head limit (see hostileQuery).
 */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...headerChars()), maxLength: 300 }),
  fc.constantFrom('', ' ', 'x'.repeat(2_000), '../../etc/passwd', '${jndi:ldap://x}', '\u00ff\u00fe'),
);

function headerChars(): string[] {
  const codes = [0x09, ...range(0x20, 0x7e), ...range(0x80, 0xff)];
  return codes.map((code) => String.fromCharCode(code));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const MAX_QUERY_CHARS = 6_000;

/** A query string from known keys (plausible or hostile values) plus stray keys, always encoded. */
export function hostileQuery(keys: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const known = fc.record(
    Object.fromEntries(Object.entries(keys).map(([name, value]) => [name, plausibleOrHostile(value)])),
    { requiredKeys: [] },
  );
  const stray = fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 2 });
  return fc.tuple(known, stray, fc.boolean()).map(([values, extra, repeatKey]) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...extra, ...values })) {
      params.append(name, typeof value === 'string' ? value : JSON.stringify(value) ?? '');
      // A repeated key arrives as an array, a shape validators often forget.
      if (repeatKey) params.append(name, 'again');
    }
    // Heads over Node's 16 KiB limit are rejected before they are read in full, so the client sees a
    // reset, not the 431; the wire-level suite covers that case on a raw socket instead.
    const text = params.toString().slice(0, MAX_QUERY_CHARS).replace(/%[0-9A-F]?$/i, '');
    return text ? `?${text}` : '';
  });
}
