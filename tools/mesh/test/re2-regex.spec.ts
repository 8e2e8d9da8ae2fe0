import { compileFullMatchRegex, compileStringMatch } from '../src/string-matcher';

/**
 * Istio's `regex` matches are RE2 with a full match (Envoy's safe_regex). These cases are RE2
 * syntax that JavaScript's RegExp reads differently or not at all: with JavaScript they were
 * accepted and then never matched, so requests silently took another route.
 */
describe('uri and header regex: RE2, matched against the whole value', () => {
  const matches = (pattern: string, value: string) => compileFullMatchRegex(pattern, 'test').test(value);

  it.each([
    ['POSIX class', '[[:digit:]]+', '2026', 'v2'],
    ['POSIX class inside a set', '/deliveries/[[:alnum:]_-]+', '/deliveries/a_1-b', '/deliveries/a.b'],
    ['\\Q…\\E quotes metacharacters', '/files/\\Qa.b\\E', '/files/a.b', '/files/axb'],
    ['\\z ends the text', '/api/.+\\z', '/api/users', '/api/'],
    ['inline flag group (?i:…)', '(?i:abc)def', 'ABCdef', 'ABCDEF'],
    ['leading (?i)', '(?i)/Beta/.*', '/beta/x', '/gamma/x'],
    ['named group (?P<name>…)', '/deliveries/(?P<id>[0-9]+)', '/deliveries/42', '/deliveries/x'],
  ])('%s: %s', (_what, pattern, yes, no) => {
    expect(matches(pattern, yes)).toBe(true);
    expect(matches(pattern, no)).toBe(false);
  });

  it('matches the whole value, never a part of it', () => {
    expect(matches('/api', '/api/users')).toBe(false);
    expect(matches('[0-9]+', 'a1')).toBe(false);
    expect(compileStringMatch({ regex: 'beta-.*' }, 'test')('beta-testers')).toBe(true);
    expect(compileStringMatch({ regex: 'beta-.*' }, 'test')('alpha-beta-x')).toBe(false);
  });

  it.each([
    ['lookahead', '/(?!admin).*', /invalid or unsupported Perl syntax: `\(\?!`/],
    ['backreference', '(a)\\1', /invalid escape sequence: `\\1`/],
    ['unclosed group', '/(a', /missing closing \)/],
  ])('refuses %s with RE2\'s own error, as Istio would', (_what, pattern, error) => {
    expect(() => compileFullMatchRegex(pattern, 'http[0].match[0].uri.regex')).toThrow(error);
    expect(() => compileFullMatchRegex(pattern, 'http[0].match[0].uri.regex')).toThrow(/^http\[0\]\.match\[0\]\.uri\.regex: regex ".*" is not valid RE2 \(Envoy\)/);
  });
});
