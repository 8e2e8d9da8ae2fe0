import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { Client } from 'pg';
import { requireTool, spawnEmbeddedPostgres, type SpawnedEmbeddedPostgres } from '../src';

// PGlite cannot run inside jest's VM: the server runs in a child, as everywhere else.
jest.setTimeout(120_000);

async function query(url: string): Promise<unknown> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query('SELECT 41 + 1 AS answer')).rows[0];
  } finally {
    await client.end();
  }
}

function urlWith(server: SpawnedEmbeddedPostgres, user: string, password: string): string {
  return `postgres://${user}:${password}@127.0.0.1:${server.port}/postgres`;
}

/** What a raw client gets back: the message types the server sent before it closed (or 1 s passed). */
function rawExchange(port: number, ...messages: Buffer[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const types: string[] = [];
    let buffer = Buffer.alloc(0);
    const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.concat(messages)));
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      while (buffer.length >= 5 && buffer.length >= buffer.readInt32BE(1) + 1) {
        const length = buffer.readInt32BE(1) + 1;
        const type = String.fromCharCode(buffer[0]);
        types.push(type === 'R' ? `R${buffer.readInt32BE(5)}` : type === 'E' ? `E:${/C([0-9A-Z]{5})/.exec(buffer.toString('utf8', 5, length))?.[1]}` : type);
        buffer = buffer.subarray(length);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(types));
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}

function startupMessage(user: string): Buffer {
  const body = Buffer.from(`user\0${user}\0database\0postgres\0\0`);
  const message = Buffer.alloc(8 + body.length);
  message.writeInt32BE(8 + body.length, 0);
  message.writeInt32BE(196608, 4); // protocol 3.0
  body.copy(message, 8);
  return message;
}

function simpleQuery(sql: string): Buffer {
  const body = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + body.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

describe('the embedded PostgreSQL requires the password it was started with (SCRAM-SHA-256)', () => {
  let server: SpawnedEmbeddedPostgres;
  let PASSWORD: string;

  beforeAll(async () => {
    server = await spawnEmbeddedPostgres();
    PASSWORD = decodeURIComponent(new URL(server.url).password);
  });
  afterAll(() => server?.stop());

  it('makes up a random password per start and lets in the URL it publishes', async () => {
    // 18 random bytes, base64url: nobody without the URL can connect, even to a bare start.
    expect(PASSWORD).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(server.url).toBe(`postgres://postgres:${PASSWORD}@127.0.0.1:${server.port}/postgres`);
    expect(await query(server.url)).toEqual({ answer: 42 });
  });

  it('refuses a wrong password and another role with FATAL 28P01, as PostgreSQL does', async () => {
    await expect(query(urlWith(server, 'postgres', 'guess'))).rejects.toMatchObject({ code: '28P01', message: 'password authentication failed for user "postgres"' });
    await expect(query(urlWith(server, 'postgres', 'postgres'))).rejects.toMatchObject({ code: '28P01' });
    await expect(query(urlWith(server, 'admin', PASSWORD))).rejects.toMatchObject({ code: '28P01', message: 'password authentication failed for user "admin"' });
    // And the right one still works afterwards: a refusal leaves the shared session as it was.
    expect(await query(server.url)).toEqual({ answer: 42 });
  });

  it('answers a startup with a SASL challenge, and a query sent without authenticating with 08P01 and nothing else', async () => {
    expect(await rawExchange(server.port, startupMessage('postgres'))).toEqual(['R10']);
    expect(await rawExchange(server.port, startupMessage('postgres'), simpleQuery('SELECT 1'))).toEqual(['R10', 'E:08P01']);
  });

  it('speaks SCRAM as libpq (psql) expects it', () => {
    const psql = requireTool('psql', 'tools/testenv', 'the libpq check of the SCRAM exchange');
    if (!psql) return;
    const run = (password: string) =>
      spawnSync(psql, ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', '-d', 'postgres', '-Atc', 'SELECT 6 * 7'], {
        env: { ...process.env, PGPASSWORD: password, PGSSLMODE: 'disable', PGCONNECT_TIMEOUT: '5' },
        encoding: 'utf8',
        timeout: 15_000,
      });
    const good = run(PASSWORD);
    expect({ status: good.status, out: good.stdout.trim(), err: good.stderr.trim() }).toEqual({ status: 0, out: '42', err: '' });
    const bad = run('guess');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/password authentication failed for user "postgres"/);
  });
});
