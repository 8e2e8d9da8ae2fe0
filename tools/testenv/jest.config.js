const path = require('node:path');

// One shared test database: DATABASE_URL when set (with-db, CI), else an embedded PGlite that
// the global setup starts for this jest run.
module.exports = {
  ...require('../../jest.preset.js')(__dirname),
  globalSetup: path.join(__dirname, '../../tools/testenv/src/jest-global-setup.ts'),
  globalTeardown: path.join(__dirname, '../../tools/testenv/src/jest-global-teardown.ts'),
};
