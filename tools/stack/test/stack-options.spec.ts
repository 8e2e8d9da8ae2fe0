import path from 'node:path';
import { parseStackOptions } from '../src/stack-options';
import { stackServices } from '../src/stack-services';

/** The workspace's own services, as `npm start` reads them. */
const SERVICES = stackServices(path.resolve(__dirname, '../../..'));

describe('npm start options', () => {
  it('uses the documented default ports, versions and .data', () => {
    const options = parseStackOptions([], {}, '/repo', SERVICES);
    expect(options).toMatchObject({
      ports: {
        gateway: 8080,
        stackAdmin: 8079,
        meshAdmin: 15020,
        database: 5433,
        services: { users: { v1: 3001 }, delivery: { v1: 3002, v2: 3012 }, web: { v1: 3000 } },
        streams: { users: {}, delivery: {}, web: { v1: 3005 } },
        meshListeners: { users: 15001, delivery: 15002, web: 15000 },
      },
      versions: { users: ['v1'], delivery: ['v1', 'v2'], web: ['v1'] },
      dataDir: '/repo/.data',
      badV2: undefined,
      skipBuild: false,
      routingApi: 'istio',
    });
  });

  it('routes through the Gateway API on request, and names the flag and the fix for anything else', () => {
    expect(parseStackOptions(['--routing', 'gateway-api'], {}, '/repo', SERVICES)).toMatchObject({ routingApi: 'gateway-api' });
    expect(() => parseStackOptions(['--routing', 'gamma'], {}, '/repo', SERVICES)).toThrow(
      '--routing must be istio or gateway-api (got "gamma"). Fix: npm start -- --routing gateway-api, or leave it out for istio');
  });

  it('takes ports from flags over the environment', () => {
    const options = parseStackOptions(['--gateway-port', '9000'], { GATEWAY_PORT: '9100', STACK_ADMIN_PORT: '9101' }, '/repo', SERVICES);
    expect(options).toMatchObject({ ports: { gateway: 9000, stackAdmin: 9101 } });
  });

  it('puts delivery v2 in bad mode on request', () => {
    expect(parseStackOptions(['--bad-v2'], {}, '/repo', SERVICES)).toMatchObject({ badV2: { errorRate: 0.2, delayMs: 150 } });
    expect(parseStackOptions(['--v2-error-rate', '0.5'], {}, '/repo', SERVICES)).toMatchObject({ badV2: { errorRate: 0.5, delayMs: 150 } });
  });

  it('uses DATABASE_URL instead of the embedded database when set', () => {
    expect(parseStackOptions([], { DATABASE_URL: 'postgres://x@db/y' }, '/repo', SERVICES)).toMatchObject({ databaseUrl: 'postgres://x@db/y' });
  });

  it('names the bad option and how to fix it', () => {
    expect(() => parseStackOptions(['--gateway-port', '99999'], {}, '/repo', SERVICES)).toThrow(/--gateway-port \/ GATEWAY_PORT must be a whole number between 1 and 65535 \(got "99999"\)\. Fix: pass e\.g\. --gateway-port 8080/);
    expect(() => parseStackOptions(['--v2-error-rate', '2'], {}, '/repo', SERVICES)).toThrow(/--v2-error-rate must be between 0 and 1/);
  });

  it('rejects unknown flags', () => {
    expect(() => parseStackOptions(['--colour'], {}, '/repo', SERVICES)).toThrow(/Unknown option '--colour'/);
  });

  it('makes a new random control token per run, takes a chosen one, and has none only with CONTROL_AUTH=off', () => {
    const token = (env: NodeJS.ProcessEnv) => (parseStackOptions([], env, '/repo', SERVICES) as { controlToken?: string }).controlToken;
    const first = token({});
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(token({})).not.toBe(first);
    const chosen = 'a-team-token-of-at-least-32-characters';
    expect(token({ COURIER_CONTROL_TOKEN: chosen })).toBe(chosen);
    expect(token({ CONTROL_AUTH: 'off', COURIER_CONTROL_TOKEN: chosen })).toBeUndefined();
    expect(token({ CONTROL_AUTH: 'on' })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('names the variable and the fix for a weak token or a bad CONTROL_AUTH', () => {
    expect(() => parseStackOptions([], { COURIER_CONTROL_TOKEN: 'short' }, '/repo', SERVICES)).toThrow(/^COURIER_CONTROL_TOKEN must be at least 32 characters with no spaces\. Fix: /);
    expect(() => parseStackOptions([], { CONTROL_AUTH: 'false' }, '/repo', SERVICES)).toThrow(/^CONTROL_AUTH must be "on" or "off" \(got "false"\)\. Fix: /);
  });
});
