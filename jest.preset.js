// Shared Jest settings for every project. ts-jest compiles with decorator metadata
// (NestJS DI needs it); `isolatedModules` in each tsconfig.spec.json skips per-file type
// checking because the `build` target already type-checks with tsc. The spec tsconfigs compile to
// plain CommonJS so that Prisma's dynamic import() of its query compiler becomes a require(),
// which Jest's module sandbox can run without --experimental-vm-modules.
const path = require('node:path');

/** @param {string} projectDir */
module.exports = function jestPreset(projectDir) {
  return {
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(projectDir, 'tsconfig.spec.json') }],
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    // Workspace libraries resolve to their TypeScript sources through the `@courier/source`
    // export condition, so `npm test` never needs a prior build.
    // Prisma's generated client imports './x.js' for files that are './x.ts' in source.
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testEnvironmentOptions: { customExportConditions: ['@courier/source', 'node', 'require', 'default'] },
    reporters: process.env.JEST_JUNIT_OUTPUT_DIR ? ['default', 'jest-junit'] : ['default'],
    testTimeout: 30_000,
  };
};
