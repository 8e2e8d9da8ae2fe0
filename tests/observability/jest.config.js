const path = require('node:path');

// Each spec starts a real local stack (services from their builds, the mesh in-process) on
// the shared test database: DATABASE_URL when set, else an embedded PGlite for this jest run.
// One spec at a time: each stack is four Node processes.
module.exports = {
  ...require('../../jest.preset.js')(__dirname),
  globalSetup: path.join(__dirname, '../../tools/testenv/src/jest-global-setup.ts'),
  globalTeardown: path.join(__dirname, '../../tools/testenv/src/jest-global-teardown.ts'),
  maxWorkers: 1,
  testTimeout: 90_000,
};
