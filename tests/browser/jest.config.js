const path = require('node:path');

// One shared test database: DATABASE_URL when set (npm test, CI), else an embedded PGlite that
// the global setup starts for this jest run. Each spec file migrates its own schemas.
module.exports = {
  ...require('../../jest.preset.js')(__dirname),
  globalSetup: path.join(__dirname, '../../tools/testenv/src/jest-global-setup.ts'),
  globalTeardown: path.join(__dirname, '../../tools/testenv/src/jest-global-teardown.ts'),
};
