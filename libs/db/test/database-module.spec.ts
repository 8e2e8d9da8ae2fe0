import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ReadinessRegistry } from '@courier/service-kit';
import { DatabaseModule, PRISMA_CLIENT } from '../src/nest';
import { PrismaClient } from './prisma-fixture/generated/client';
import { createNotesSchema } from './support/notes-schema';
import { databaseUrlVia, testDatabaseUrl } from './support/test-database-url';
import { closedPort } from './support/unresponsive-servers';

/** What service-kit provides to every service module. */
@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessForTest {}

/** The fixture client, recording each explicit start of Prisma's engine. */
function recordingClient(events: string[]) {
  return class RecordingPrismaClient extends PrismaClient {
    override async $connect(): Promise<void> {
      events.push('$connect');
      await super.$connect();
    }
  };
}

async function startContext(databaseUrl: string, schema: string, events: string[], migrate: boolean): Promise<INestApplicationContext> {
  const config = { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, DATABASE_POOL_MAX: 2, DATABASE_MIGRATE_ON_START: migrate };
  @Module({ imports: [ReadinessForTest, DatabaseModule.forService({ clientClass: recordingClient(events), migrationsDir: '/nonexistent', config })] })
  class ServiceModule {}
  const context = await NestFactory.createApplicationContext(ServiceModule, { logger: false });
  events.push('initialised');
  return context;
}

describe('DatabaseModule start-up', () => {
  let notes: { schema: string; drop(): Promise<void> };
  beforeAll(async () => {
    notes = await createNotesSchema('module');
  });
  afterAll(() => notes.drop());

  it("starts Prisma's engine before the service is initialised, not in its first request", async () => {
    const events: string[] = [];
    const context = await startContext(testDatabaseUrl(), notes.schema, events, false);
    try {
      expect(events).toEqual(['$connect', 'initialised']);
      const client = context.get<PrismaClient>(PRISMA_CLIENT);
      await client.note.create({ data: { title: 'first request' } });
      expect(await client.note.count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('still starts when the database refuses connections: readiness is red, start-up is not blocked', async () => {
    const port = await closedPort();
    const events: string[] = [];
    const started = Date.now();
    const context = await startContext(databaseUrlVia(port), notes.schema, events, false);
    try {
      expect(events).toEqual(['$connect', 'initialised']);
      expect(Date.now() - started).toBeLessThan(10_000);
      const [[name, check]] = context.get(ReadinessRegistry).entries();
      expect(name).toBe('database');
      await expect(check()).rejects.toThrow();
    } finally {
      await context.close();
    }
  });
});
