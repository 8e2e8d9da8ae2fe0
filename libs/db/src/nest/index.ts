// NestJS integration, a separate entry point so that framework-free tooling (the embedded
// database, the migration runner CLI) never loads Nest or service-kit.
export { DatabaseModule, PRISMA_CLIENT, type DatabaseModuleOptions } from './database.module';
export { databaseErrorMapper } from './database-error-mapper';
