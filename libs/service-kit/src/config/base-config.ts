import { z } from 'zod';
import { envInt, envRate, envRegex } from './load-config';

/**
 * Settings every Courier service understands. Services extend this schema with their own
 * variables (for example DATABASE_URL). Each `.describe()` is the fix shown when a value is bad.
 */
export const BaseConfigSchema = z.object({
  PORT: envInt(1, 65535).default(3000).describe('set PORT to a free TCP port, e.g. PORT=3001'),
  HOST: z.string().default('0.0.0.0').describe('set HOST to the interface to listen on, e.g. HOST=127.0.0.1'),
  APP_VERSION: z
    .string()
    .regex(/^v?\d+(\.\d+){0,2}([-+][\w.]+)?$/, 'must look like v1, v2 or 1.2.3')
    .default('v1')
    .describe('set APP_VERSION to the release this process runs, e.g. APP_VERSION=v2'),
  APP_TRACK: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be a lowercase name such as stable, canary, blue or green')
    .default('stable')
    .describe('set APP_TRACK to the rollout track, e.g. APP_TRACK=canary'),
  GIT_SHA: z.string().max(64).default('unknown').describe('set GIT_SHA to the commit the build came from'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent')
    .default('info')
    .describe('set LOG_LEVEL to one of fatal, error, warn, info, debug, trace, silent'),
  BODY_LIMIT_BYTES: envInt(1024, 10 * 1024 * 1024).default(64 * 1024).describe('set BODY_LIMIT_BYTES between 1024 and 10485760'),
  REQUEST_TIMEOUT_MS: envInt(1000, 600_000)
    .default(30_000)
    .describe('set REQUEST_TIMEOUT_MS to how long a client may take to send a whole request (head and body), between 1000 and 600000'),
  FAULT_ERROR_RATE: envRate().default(0).describe('set FAULT_ERROR_RATE to a fraction of requests to fail, e.g. FAULT_ERROR_RATE=0.2'),
  FAULT_DELAY_MS: envInt(0, 60_000).default(0).describe('set FAULT_DELAY_MS to milliseconds of latency to add, e.g. FAULT_DELAY_MS=300'),
  FAULT_ROUTE: envRegex().optional().describe('set FAULT_ROUTE to a regular expression over the URL path, e.g. FAULT_ROUTE=^/deliveries'),
  SHUTDOWN_DELAY_MS: envInt(0, 120_000)
    .default(0)
    .describe('set SHUTDOWN_DELAY_MS to how long readiness stays red before the server closes (Kubernetes: ~5000)'),
  SHUTDOWN_TIMEOUT_MS: envInt(100, 300_000).default(15_000).describe('set SHUTDOWN_TIMEOUT_MS to the hard limit for draining in-flight requests'),
});
export type BaseConfig = z.infer<typeof BaseConfigSchema>;

/** Database settings shared by the services that own data; `schema` is the Postgres schema the service owns. */
export const databaseConfigSchema = (schema: string) =>
  z.object({
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase Postgres identifier')
      .default(schema)
      .describe(`set DATABASE_SCHEMA to the Postgres schema this service owns, e.g. DATABASE_SCHEMA=${schema}`),
    DATABASE_URL: z
      .url('must be a postgres:// URL')
      .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must start with postgres:// or postgresql://')
      .describe('set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres (npm start sets it for you)'),
    DATABASE_POOL_MAX: envInt(1, 200).default(10).describe('set DATABASE_POOL_MAX to the connection pool size, e.g. 10'),
    DATABASE_MIGRATE_ON_START: z
      .enum(['true', 'false'], 'must be true or false')
      .default('true')
      .transform((v) => v === 'true')
      .describe('set DATABASE_MIGRATE_ON_START=false when a migration Job applies migrations instead'),
  });
export type DatabaseConfig = z.infer<ReturnType<typeof databaseConfigSchema>>;
