import { parseStackOptions } from '../src/stack-options';

describe('npm start options', () => {
  it('uses the documented default ports and .data', () => {
    const options = parseStackOptions([], {}, '/repo');
    expect(options).toMatchObject({ ports: { web: 3000, users: 3001, delivery: 3002, database: 5433 }, dataDir: '/repo/.data', skipBuild: false });
  });

  it('takes ports from flags over the environment', () => {
    const options = parseStackOptions(['--web-port', '4000'], { WEB_PORT: '5000', USERS_PORT: '5001' }, '/repo');
    expect(options).toMatchObject({ ports: { web: 4000, users: 5001 } });
  });

  it('uses DATABASE_URL instead of the embedded database when set', () => {
    expect(parseStackOptions([], { DATABASE_URL: 'postgres://x@db/y' }, '/repo')).toMatchObject({ databaseUrl: 'postgres://x@db/y' });
  });

  it('names the bad option and how to fix it', () => {
    expect(() => parseStackOptions(['--users-port', '99999'], {}, '/repo')).toThrow(/--users-port \/ USERS_PORT must be a TCP port .* \(got "99999"\)\. Fix: pass a free port, e\.g\. --users-port 3001/);
  });

  it('rejects unknown flags', () => {
    expect(() => parseStackOptions(['--colour'], {}, '/repo')).toThrow(/Unknown option '--colour'/);
  });
});
