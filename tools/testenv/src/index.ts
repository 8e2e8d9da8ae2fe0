export { createTestSchema, type CreateTestSchemaOptions, type TestSchema } from './create-test-schema';
export { testSchemaName, TEST_SCHEMA_PREFIX } from './test-schema-name';
export {
  startRealPostgres,
  DEFAULT_POSTGRES_BIN_DIR,
  PostgresBinariesMissingError,
  type RealPostgres,
  type RealPostgresOptions,
} from './real-postgres';
export {
  spawnEmbeddedPostgres,
  type SpawnEmbeddedPostgresOptions,
  type SpawnedEmbeddedPostgres,
} from './spawn-embedded-postgres';
export { findFreePort } from './free-port';
export { findTool, installHint, requireTool, skipOrFail, type MissingPrerequisite, REQUIRED_TOOLS, REQUIRED_TOOLS_FILE, SKIP_REPORT_ENV, type RequiredTool } from './required-tools';
