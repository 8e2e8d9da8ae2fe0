import { readServiceManifests } from '@courier/cluster';
import { createPgPool, quoteIdentifier } from '@courier/db';
import type { DataCounts } from '@courier/contracts';

/** Prisma's record of applied migrations: emptying the data must not make the services migrate again. */
const MIGRATIONS_TABLE = '_prisma_migrations';

/**
 * The services' data in the stack's database, for the workshop: how many rows each table holds
 * (what `courier lab check` reads), and emptying every table (`courier lab reset --data`). A
 * service with `database: true` in its service.yaml owns the Postgres schema named after it.
 */
export class StackData {
  private readonly schemas: string[];

  constructor(
    root: string,
    /** Read when asked: the stack knows its database URL only once the database runs. */
    private readonly databaseUrl: () => string,
  ) {
    this.schemas = readServiceManifests(root)
      .filter((manifest) => manifest.database)
      .map((manifest) => manifest.name);
  }

  /** Rows per table, per service schema. */
  async counts(): Promise<DataCounts> {
    return this.withPool(async (query) => {
      const counts: DataCounts = Object.fromEntries(this.schemas.map((schema) => [schema, {}]));
      for (const { schema, table } of await this.tables(query)) {
        const { rows } = await query(`SELECT count(*)::int AS n FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)}`);
        counts[schema][table] = rows[0].n as number;
      }
      return counts;
    });
  }

  /** Empties every table the services own in one statement, so no service sees half-emptied data. */
  async empty(): Promise<DataCounts> {
    await this.withPool(async (query) => {
      const tables = (await this.tables(query)).map(({ schema, table }) => `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`);
      if (tables.length > 0) await query(`TRUNCATE ${tables.join(', ')} CASCADE`);
    });
    return this.counts();
  }

  private async tables(query: Query): Promise<{ schema: string; table: string }[]> {
    const { rows } = await query(
      `SELECT table_schema AS schema, table_name AS "table" FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' AND table_name <> $2 ORDER BY 1, 2`,
      [this.schemas, MIGRATIONS_TABLE],
    );
    return rows as { schema: string; table: string }[];
  }

  private async withPool<T>(work: (query: Query) => Promise<T>): Promise<T> {
    const pool = createPgPool({ databaseUrl: this.databaseUrl(), poolMax: 1 });
    try {
      return await work((text, values) => pool.query(text, values));
    } finally {
      await pool.end();
    }
  }
}

type Query = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
