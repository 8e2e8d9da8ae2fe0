import path from 'node:path';
import pg from 'pg';
import { createTestSchema, type TestSchema } from '../src';

const MIGRATIONS_DIR = path.join(__dirname, 'fixtures', 'migrations');

async function query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client(process.env['DATABASE_URL']);
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const schemaExists = async (schema: string) =>
  (await query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).length === 1;

describe('createTestSchema', () => {
  const created: TestSchema[] = [];
  afterEach(async () => {
    while (created.length > 0) await created.pop()?.drop();
  });

  it('creates a uniquely named schema on DATABASE_URL and migrates it', async () => {
    const first = await createTestSchema({ prefix: 'Widgets Spec', migrationsDir: MIGRATIONS_DIR });
    const second = await createTestSchema({ prefix: 'Widgets Spec', migrationsDir: MIGRATIONS_DIR });
    created.push(first, second);

    expect(first.schema).toMatch(/^test_widgets_spec_[0-9a-f]{10}$/);
    expect(second.schema).not.toBe(first.schema);
    expect(first.databaseUrl).toBe(process.env['DATABASE_URL']);

    const columns = await query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'Widget' ORDER BY ordinal_position`,
      [first.schema],
    );
    expect(columns.map((column) => column.column_name)).toEqual(['id', 'name', 'colour']);
    const history = await query<{ migration_name: string }>(
      `SELECT migration_name FROM "${first.schema}"."_prisma_migrations" ORDER BY migration_name`,
    );
    expect(history.map((row) => row.migration_name)).toEqual([
      '20240101000000_create_widget',
      '20240201000000_add_widget_colour',
    ]);
  });

  it('creates an empty schema when no migrations are given', async () => {
    const schema = await createTestSchema({ prefix: 'empty' });
    created.push(schema);

    expect(await schemaExists(schema.schema)).toBe(true);
    expect(await query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1', [schema.schema])).toEqual([]);
  });

  it('drop() removes the schema with everything in it', async () => {
    const schema = await createTestSchema({ prefix: 'dropped', migrationsDir: MIGRATIONS_DIR });
    await query(`INSERT INTO "${schema.schema}"."Widget" (name) VALUES ('left behind?')`);

    await schema.drop();

    expect(await schemaExists(schema.schema)).toBe(false);
  });

  it('explains how to get a database when DATABASE_URL is missing', async () => {
    const saved = process.env['DATABASE_URL'];
    delete process.env['DATABASE_URL'];
    try {
      await expect(createTestSchema({ prefix: 'nowhere' })).rejects.toThrow(/DATABASE_URL is not set.*with-db.*globalSetup/s);
    } finally {
      process.env['DATABASE_URL'] = saved;
    }
  });
});
