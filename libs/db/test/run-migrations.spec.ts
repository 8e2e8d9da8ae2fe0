import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  MigrationFailedError,
  MigrationModifiedError,
  UnfinishedMigrationError,
  runMigrations,
  type RunMigrationsOptions,
} from '../src';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { testDatabaseUrl } from './support/test-database-url';
import { dropSchema, uniqueSchemaName, withClient } from './support/test-schema';

const CREATE_CUSTOMER = `CREATE TABLE "Customer" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL,
  CONSTRAINT "Customer_pkey" PRIMARY KEY ("id"));`;
const ADD_CUSTOMER_NAME = `ALTER TABLE "Customer" ADD COLUMN "name" TEXT;`;
const CREATE_ORDER = `CREATE TABLE "Order" ("id" SERIAL NOT NULL, "customerId" INTEGER NOT NULL REFERENCES "Customer"("id"),
  CONSTRAINT "Order_pkey" PRIMARY KEY ("id"));`;

describe('runMigrations', () => {
  let schema: string;
  let folder: MigrationsFolder;
  let options: RunMigrationsOptions;

  beforeEach(async () => {
    schema = uniqueSchemaName('migrations');
    folder = await createMigrationsFolder();
    options = { databaseUrl: testDatabaseUrl(), schema, migrationsDir: folder.dir };
  });

  afterEach(async () => {
    await dropSchema(schema);
    await folder.remove();
  });

  const columnsOf = (table: string) =>
    withClient(async (client) => {
      const { rows } = await client.query<{ column_name: string }>(
        'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
        [schema, table],
      );
      return rows.map((row) => row.column_name);
    });

  const recordedNames = () =>
    withClient(async (client) => {
      const { rows } = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM "${schema}"."_prisma_migrations" ORDER BY started_at, migration_name`,
      );
      return rows.map((row) => row.migration_name);
    });

  it('applies pending migrations in lexical order of their directory names, into the schema', async () => {
    // Written out of order on purpose: the second depends on the first.
    await folder.write('20240201000000_add_customer_name', ADD_CUSTOMER_NAME);
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);

    const result = await runMigrations(options);

    expect(result).toEqual({
      applied: ['20240101000000_create_customer', '20240201000000_add_customer_name'],
      alreadyApplied: [],
    });
    expect(await columnsOf('Customer')).toEqual(['id', 'email', 'name']);
    const inPublic = await withClient((client) =>
      client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'Customer'`),
    );
    expect(inPublic.rowCount).toBe(0);
  });

  it('is idempotent and applies only what was added since the last run', async () => {
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);
    await runMigrations(options);

    expect(await runMigrations(options)).toEqual({ applied: [], alreadyApplied: ['20240101000000_create_customer'] });

    await folder.write('20240301000000_create_order', CREATE_ORDER);
    expect(await runMigrations(options)).toEqual({
      applied: ['20240301000000_create_order'],
      alreadyApplied: ['20240101000000_create_customer'],
    });
    expect(await recordedNames()).toEqual(['20240101000000_create_customer', '20240301000000_create_order']);
  });

  it("creates _prisma_migrations in the schema with exactly Prisma's column definitions", async () => {
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);
    await runMigrations(options);

    const columns = await withClient(async (client) => {
      const { rows } = await client.query(
        `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
           FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
        [schema],
      );
      return rows;
    });
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', character_maximum_length: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', character_maximum_length: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', character_maximum_length: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', character_maximum_length: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', character_maximum_length: null, is_nullable: 'NO', column_default: '0' },
    ]);

    const primaryKey = await withClient((client) =>
      client.query(
        `SELECT kcu.column_name FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage kcu
             ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
          WHERE tc.table_schema = $1 AND tc.table_name = '_prisma_migrations' AND tc.constraint_type = 'PRIMARY KEY'`,
        [schema],
      ),
    );
    expect(primaryKey.rows).toEqual([{ column_name: 'id' }]);
  });

  it('records each applied migration the way prisma migrate deploy does', async () => {
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);
    const before = new Date();
    await runMigrations(options);

    const { rows } = await withClient((client) => client.query(`SELECT * FROM "${schema}"."_prisma_migrations"`));
    const fileBytes = await readFile(path.join(folder.dir, '20240101000000_create_customer', 'migration.sql'));
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.checksum).toBe(createHash('sha256').update(fileBytes).digest('hex'));
    expect(row.migration_name).toBe('20240101000000_create_customer');
    expect(row.logs).toBeNull();
    expect(row.rolled_back_at).toBeNull();
    expect(row.applied_steps_count).toBe(1);
    expect(row.started_at).toBeInstanceOf(Date);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.started_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 5_000);
    expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
  });

  it('refuses to continue when an applied migration was modified afterwards, naming it', async () => {
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);
    await runMigrations(options);
    await folder.write('20240101000000_create_customer', `${CREATE_CUSTOMER}\n-- an innocent-looking edit\n`);
    await folder.write('20240301000000_create_order', CREATE_ORDER);

    const run = runMigrations(options);
    await expect(run).rejects.toBeInstanceOf(MigrationModifiedError);
    await expect(run).rejects.toThrow(/Migration "20240101000000_create_customer" was modified after it was applied/);
    expect(await recordedNames()).toEqual(['20240101000000_create_customer']);
  });

  it('accepts a migration whose line endings git converted, like Prisma does', async () => {
    await folder.write('20240101000000_create_customer', `${CREATE_CUSTOMER}\n-- second line\n`);
    await runMigrations(options);
    await folder.write('20240101000000_create_customer', `${CREATE_CUSTOMER}\r\n-- second line\r\n`);

    expect(await runMigrations(options)).toEqual({ applied: [], alreadyApplied: ['20240101000000_create_customer'] });
  });

  it('rolls a failing migration back completely and names it in the error', async () => {
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);
    // The first statement succeeds, the second fails: nothing of the migration may remain.
    await folder.write('20240301000000_create_order', `${CREATE_ORDER}\nINSERT INTO "Missing" VALUES (1);`);

    const run = runMigrations(options);
    await expect(run).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(run).rejects.toThrow(/Migration "20240301000000_create_order" failed and was rolled back: .*"Missing"/);

    expect(await columnsOf('Order')).toEqual([]);
    expect(await columnsOf('Customer')).toEqual(['id', 'email']);
    expect(await recordedNames()).toEqual(['20240101000000_create_customer']);

    // Once fixed, the next run applies it.
    await folder.write('20240301000000_create_order', CREATE_ORDER);
    expect((await runMigrations(options)).applied).toEqual(['20240301000000_create_order']);
  });

  it('refuses to build on a migration that a native Prisma run left unfinished', async () => {
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);
    await runMigrations(options);
    await withClient((client) =>
      client.query(
        `INSERT INTO "${schema}"."_prisma_migrations" (id, checksum, migration_name, logs)
         VALUES ('00000000-0000-4000-8000-000000000000', repeat('0', 64), '20240201000000_broken', 'boom')`,
      ),
    );

    await expect(runMigrations(options)).rejects.toThrow(UnfinishedMigrationError);
    await expect(runMigrations(options)).rejects.toThrow(/"20240201000000_broken" is recorded as started but never finished/);
  });

  it('names the migration directory that has no migration.sql', async () => {
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);
    await writeFile(path.join(folder.dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    await mkdir(path.join(folder.dir, '20240201000000_empty'));

    await expect(runMigrations(options)).rejects.toThrow(/Migration "20240201000000_empty" has no readable migration.sql/);
  });

  it('lets two concurrent runners apply every migration exactly once', async () => {
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);
    await folder.write('20240201000000_add_customer_name', ADD_CUSTOMER_NAME);
    await folder.write('20240301000000_create_order', CREATE_ORDER);

    // Without mutual exclusion the loser would fail on "relation already exists".
    const [first, second] = await Promise.all([runMigrations(options), runMigrations(options)]);

    const appliedByEither = [...first.applied, ...second.applied].sort();
    expect(appliedByEither).toEqual([
      '20240101000000_create_customer',
      '20240201000000_add_customer_name',
      '20240301000000_create_order',
    ]);
    expect([...first.alreadyApplied, ...second.alreadyApplied].sort()).toEqual(appliedByEither);
    expect(await recordedNames()).toEqual(appliedByEither);
  });

  it('leaves the session search_path alone (PGlite shares one session between all connections)', async () => {
    const before = await withClient(async (client) => (await client.query('SHOW search_path')).rows[0].search_path);
    await folder.write('20240101000000_create_customer', CREATE_CUSTOMER);
    await runMigrations(options);

    const after = await withClient(async (client) => (await client.query('SHOW search_path')).rows[0].search_path);
    expect(after).toBe(before);
    expect(after).not.toContain(schema);
  });
});
