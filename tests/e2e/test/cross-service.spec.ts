import { createTestSchema, type TestSchema } from '@courier/testenv';
import { DeliveryConfigSchema } from '../../../services/delivery/src/delivery.config';
import { DeliveryModule } from '../../../services/delivery/src/delivery.module';
import { DELIVERY_MIGRATIONS_DIR } from '../../../services/delivery/src/migrations-dir';
import { USERS_MIGRATIONS_DIR } from '../../../services/users/src/migrations-dir';
import { UsersConfigSchema } from '../../../services/users/src/users.config';
import { UsersModule } from '../../../services/users/src/users.module';
import { WebConfigSchema } from '../../../services/web/src/web.config';
import { WebModule } from '../../../services/web/src/web.module';
import { runService, type RunningService } from './running-service';

/** web → users and web → delivery → users over real HTTP, on the shared database. */
describe('Courier end to end', () => {
  let usersSchema: TestSchema;
  let deliverySchema: TestSchema;
  let users: RunningService;
  let delivery: RunningService;
  let web: RunningService;

  beforeAll(async () => {
    usersSchema = await createTestSchema({ prefix: 'e2e_users', migrationsDir: USERS_MIGRATIONS_DIR });
    deliverySchema = await createTestSchema({ prefix: 'e2e_delivery', migrationsDir: DELIVERY_MIGRATIONS_DIR });
    users = await runService('users', UsersConfigSchema, { DATABASE_URL: usersSchema.databaseUrl, DATABASE_SCHEMA: usersSchema.schema }, (c) => UsersModule.register(c));
    delivery = await runService(
      'delivery',
      DeliveryConfigSchema,
      { DATABASE_URL: deliverySchema.databaseUrl, DATABASE_SCHEMA: deliverySchema.schema, USERS_URL: users.url, USERS_TIMEOUT_MS: '500' },
      (c) => DeliveryModule.register(c),
    );
    web = await runService('web', WebConfigSchema, { USERS_URL: users.url, DELIVERY_URL: delivery.url, STREAMS_PORT: '0' }, (c) => WebModule.register(c));
  });
  afterAll(async () => {
    await web?.close();
    await delivery?.close();
    await users?.close();
    await usersSchema?.drop();
    await deliverySchema?.drop();
  });

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('creates a user and a delivery through web, and tracks it to DELIVERED', async () => {
    const userRes = await post(`${web.url}/api/users`, { email: `e2e-${Date.now()}@example.com`, name: 'E2E' });
    expect(userRes.status).toBe(201);
    const user = await userRes.json();

    const created = await post(`${web.url}/api/deliveries`, { ownerId: user.id, pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 4 }, { 'idempotency-key': `e2e-${Date.now()}` });
    expect(created.status).toBe(201);
    const { id } = await created.json();

    for (const type of ['ASSIGN', 'PICK_UP', 'DEPART', 'DELIVER']) {
      expect((await post(`${web.url}/api/deliveries/${id}/events`, { type })).status).toBe(200);
    }
    const tracked = await (await fetch(`${web.url}/api/deliveries/${id}`)).json();
    expect(tracked.status).toBe('DELIVERED');
  });

  it('carries one request id from web through delivery to users', async () => {
    const user = await (await post(`${users.url}/users`, { email: `rid-${Date.now()}@example.com`, name: 'R' })).json();
    const res = await post(`${web.url}/api/deliveries`, { ownerId: user.id, pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 1 }, { 'x-request-id': 'e2e-request-7' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('e2e-request-7');
  });

  it('delivery rejects an unknown owner with 422, checked against the real users service', async () => {
    const res = await post(`${web.url}/api/deliveries`, { ownerId: '00000000-0000-4000-8000-000000000000', pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 1 });
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].field).toBe('body.ownerId');
  });

  it('answers a fast 503 problem when users is down, and recovers when it is back', async () => {
    const user = await (await post(`${users.url}/users`, { email: `down-${Date.now()}@example.com`, name: 'D' })).json();
    const port = Number(new URL(users.url).port);
    await users.close();
    try {
      const started = Date.now();
      const res = await post(`${web.url}/api/deliveries`, { ownerId: user.id, pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 1 });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await res.json()).detail).toMatch(/users is unavailable/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      users = await runService('users', UsersConfigSchema, { DATABASE_URL: usersSchema.databaseUrl, DATABASE_SCHEMA: usersSchema.schema, PORT: String(port) }, (c) => UsersModule.register(c));
    }
  });
});
