const path = require('node:path');

// The suites start real processes (services, mesh, PostgreSQL) and measure failures under load, so
// they run one file at a time: on a 2-core CI machine parallel files would only starve each other.
// The global setup provides DATABASE_URL (with-db's, or an embedded PGlite) for the suites that do
// not start their own real PostgreSQL.
module.exports = {
  ...require('../../jest.preset.js')(__dirname),
  globalSetup: path.join(__dirname, '../../tools/testenv/src/jest-global-setup.ts'),
  globalTeardown: path.join(__dirname, '../../tools/testenv/src/jest-global-teardown.ts'),
  maxWorkers: 1,
  testTimeout: 120_000,
};
