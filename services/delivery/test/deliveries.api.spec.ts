import pg from 'pg';
import request from 'supertest';
import { startDeliveryTestApp, type DeliveryTestApp } from './delivery-test-app';
import { FakeUsersService } from './fake-users-service';

describe('delivery API', () => {
  const users = new FakeUsersService();
  let delivery: DeliveryTestApp;
  const http = () => request(delivery.app.getHttpServer());
  const parcel = (ownerId: string, overrides: Record<string, unknown> = {}) => ({
    ownerId,
    pickupAddress: '1 Market St',
    dropoffAddress: '500 Harbour Rd',
    distanceKm: 12,
    ...overrides,
  });
  const expectProblem = (res: request.Response, status: number, fields: string[] = []) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (fields.length) expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
  };

  beforeAll(async () => {
    const usersUrl = await users.start();
    delivery = await startDeliveryTestApp({ USERS_URL: usersUrl, USERS_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await delivery.close();
    await users.stop();
  });
  afterEach(() => {
    users.delayMs = 0;
  });

  describe('POST /deliveries', () => {
    it('creates a delivery for an existing owner, with v1 ETA and its creation event', async () => {
      const ownerId = users.addUser();
      const res = await http().post('/deliveries').send(parcel(ownerId)).expect(201);
      expect(res.body).toMatchObject({ ownerId, status: 'CREATED', distanceKm: 12, servedBy: { version: 'v1', track: 'stable' } });
      expect(res.body.eta).toMatchObject({ model: 'flat-speed-v1', minutes: 20 + 24 });
      expect(res.body.events).toEqual([expect.objectContaining({ type: 'CREATE', status: 'CREATED' })]);
      expect(res.headers.location).toBe(`/deliveries/${res.body.id}`);
    });

    it('answers 422 naming ownerId when the owner does not exist', async () => {
      expectProblem(await http().post('/deliveries').send(parcel('00000000-0000-4000-8000-000000000000')), 422, ['body.ownerId']);
    });

    it('answers a fast 503 when users does not answer in time', async () => {
      users.delayMs = 2000;
      const started = Date.now();
      const res = await http().post('/deliveries').send(parcel(users.addUser()));
      expectProblem(res, 503);
      expect(res.body.detail).toMatch(/users is unavailable/);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it.each([
      ['missing fields', {}, ['body.ownerId', 'body.pickupAddress', 'body.dropoffAddress', 'body.distanceKm']],
      ['a negative distance', { distanceKm: -1 }, ['body.distanceKm']],
      ['a distance given as text', { distanceKm: '12' }, ['body.distanceKm']],
      ['a huge address', { pickupAddress: 'x'.repeat(20_000) }, ['body.pickupAddress']],
      // Found by the reliability fuzzer (seed 229723656): PostgreSQL rejects NUL at insert time, a 500.
      ['a NUL character PostgreSQL cannot store', { pickupAddress: '\u0000' }, ['body.pickupAddress']],
      ['an owner id that is not a UUID', { ownerId: "1' OR '1'='1" }, ['body.ownerId']],
    ])('rejects %s with 400 naming the field', async (_case, overrides, fields) => {
      const body = Object.keys(overrides).length ? parcel('00000000-0000-4000-8000-000000000000', overrides) : {};
      expectProblem(await http().post('/deliveries').send(body), 400, fields);
    });

    it('rejects an unsafe Idempotency-Key naming the header', async () => {
      expectProblem(await http().post('/deliveries').set('idempotency-key', 'has spaces in it').send(parcel(users.addUser())), 400, ['header.idempotency-key']);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first result and writes no second row', async () => {
      const ownerId = users.addUser();
      const key = `key-${Date.now()}-a`;
      const first = await http().post('/deliveries').set('idempotency-key', key).send(parcel(ownerId)).expect(201);
      const replay = await http().post('/deliveries').set('idempotency-key', key).send(parcel(ownerId)).expect(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(first.body.id);
      expect(await delivery.countRows('deliveries', 'idempotency_key = $1', [key])).toBe(1);
      expect(await delivery.countRows('deliveries', 'owner_id = $1', [ownerId])).toBe(1);
    });

    it('creates exactly one row when the same key races', async () => {
      const ownerId = users.addUser();
      const key = `key-${Date.now()}-race`;
      const responses = await Promise.all(Array.from({ length: 6 }, () => http().post('/deliveries').set('idempotency-key', key).send(parcel(ownerId))));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(await delivery.countRows('deliveries', 'owner_id = $1', [ownerId])).toBe(1);
    });

    it('refuses to reuse a key for a different request', async () => {
      const ownerId = users.addUser();
      const key = `key-${Date.now()}-b`;
      await http().post('/deliveries').set('idempotency-key', key).send(parcel(ownerId)).expect(201);
      expectProblem(await http().post('/deliveries').set('idempotency-key', key).send(parcel(ownerId, { distanceKm: 99 })), 422, ['header.idempotency-key']);
    });
  });

  describe('GET', () => {
    it('gets one delivery, 404 for unknown, 400 for malformed id', async () => {
      const created = (await http().post('/deliveries').send(parcel(users.addUser())).expect(201)).body;
      expect((await http().get(`/deliveries/${created.id}`).expect(200)).body.id).toBe(created.id);
      expectProblem(await http().get('/deliveries/00000000-0000-4000-8000-000000000000'), 404);
      expectProblem(await http().get('/deliveries/%2e%2e%2f%2e%2e%2fetc'), 400, ['param.id']);
    });

    it('reads a delivery and its events in one SQL query (relationJoins), with the events in time order', async () => {
      const created = (await http().post('/deliveries').send(parcel(users.addUser())).expect(201)).body;
      await http().post(`/deliveries/${created.id}/events`).send({ type: 'ASSIGN', courierName: 'Ada' }).expect(200);
      // Every statement the service sends goes through a pg Client's query(); Prisma's default
      // strategy would send two here, one per table.
      const queries = jest.spyOn(pg.Client.prototype, 'query');
      try {
        const read = (await http().get(`/deliveries/${created.id}`).expect(200)).body;
        expect(read.events.map((event: { type: string }) => event.type)).toEqual(['CREATE', 'ASSIGN']);
        expect(queries).toHaveBeenCalledTimes(1);
      } finally {
        queries.mockRestore();
      }
    });

    it('lists by owner, newest first, and requires ownerId', async () => {
      const ownerId = users.addUser();
      const a = (await http().post('/deliveries').send(parcel(ownerId)).expect(201)).body;
      const b = (await http().post('/deliveries').send(parcel(ownerId, { distanceKm: 3 })).expect(201)).body;
      const res = await http().get('/deliveries').query({ ownerId }).expect(200);
      expect(res.body.items.map((d: { id: string }) => d.id)).toEqual([b.id, a.id]);
      expectProblem(await http().get('/deliveries'), 400, ['query.ownerId']);
    });
  });

  describe('POST /deliveries/:id/events', () => {
    it('walks the happy path to DELIVERED, recording every event', async () => {
      const { id } = (await http().post('/deliveries').send(parcel(users.addUser())).expect(201)).body;
      let body;
      for (const type of ['ASSIGN', 'PICK_UP', 'DEPART', 'DELIVER']) {
        body = (await http().post(`/deliveries/${id}/events`).send({ type, courierName: 'Kim' }).expect(200)).body;
      }
      expect(body.status).toBe('DELIVERED');
      expect(body.eta.minutes).toBe(0);
      expect(body.events.map((e: { status: string }) => e.status)).toEqual(['CREATED', 'ASSIGNED', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED']);
    });

    it('answers 409 for a transition the state machine forbids', async () => {
      const { id } = (await http().post('/deliveries').send(parcel(users.addUser())).expect(201)).body;
      const res = await http().post(`/deliveries/${id}/events`).send({ type: 'DELIVER' });
      expectProblem(res, 409);
      expect(res.body.detail).toMatch(/cannot apply DELIVER to a delivery that is CREATED/);
      await http().post(`/deliveries/${id}/events`).send({ type: 'CANCEL' }).expect(200);
      expectProblem(await http().post(`/deliveries/${id}/events`).send({ type: 'ASSIGN' }), 409);
    });

    it('lets exactly one of two racing events win', async () => {
      const { id } = (await http().post('/deliveries').send(parcel(users.addUser())).expect(201)).body;
      const results = await Promise.all([
        http().post(`/deliveries/${id}/events`).send({ type: 'ASSIGN' }),
        http().post(`/deliveries/${id}/events`).send({ type: 'CANCEL' }),
        http().post(`/deliveries/${id}/events`).send({ type: 'ASSIGN' }),
      ]);
      const final = (await http().get(`/deliveries/${id}`).expect(200)).body;
      expect(final.events.length).toBe(1 + results.filter((r) => r.status === 200).length);
      expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    });

    it('rejects an unknown event type naming the field, and 404s an unknown delivery', async () => {
      const { id } = (await http().post('/deliveries').send(parcel(users.addUser())).expect(201)).body;
      expectProblem(await http().post(`/deliveries/${id}/events`).send({ type: 'TELEPORT' }), 400, ['body.type']);
      expectProblem(await http().post('/deliveries/00000000-0000-4000-8000-000000000000/events').send({ type: 'ASSIGN' }), 404);
    });
  });

  describe('mirrored (shadow) traffic', () => {
    it('answers a shadow create normally but writes no row', async () => {
      const ownerId = users.addUser();
      const res = await http().post('/deliveries').set('host', 'delivery-shadow:8080').set('idempotency-key', `shadow-${Date.now()}`).send(parcel(ownerId)).expect(201);
      expect(res.body.status).toBe('CREATED');
      expect(await delivery.countRows('deliveries', 'owner_id = $1', [ownerId])).toBe(0);
      expect(await delivery.countRows('delivery_events', 'delivery_id = $1', [res.body.id])).toBe(0);
    });

    it('answers a shadow event normally but leaves the status unchanged', async () => {
      const { id } = (await http().post('/deliveries').send(parcel(users.addUser())).expect(201)).body;
      const shadow = await http().post(`/deliveries/${id}/events`).set('host', 'delivery-shadow').send({ type: 'ASSIGN' }).expect(200);
      expect(shadow.body.status).toBe('ASSIGNED');
      expect((await http().get(`/deliveries/${id}`).expect(200)).body.status).toBe('CREATED');
    });
  });
});

describe('delivery v2', () => {
  it('serves the traffic-aware ETA, visibly different from v1', async () => {
    const users = new FakeUsersService();
    const usersUrl = await users.start();
    const v1 = await startDeliveryTestApp({ USERS_URL: usersUrl });
    const v2 = await startDeliveryTestApp({ USERS_URL: usersUrl, APP_VERSION: 'v2', APP_TRACK: 'canary' }, v1.schema);
    try {
      const created = (await request(v1.app.getHttpServer()).post('/deliveries').send({ ownerId: users.addUser(), pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 20 }).expect(201)).body;
      const fromV2 = (await request(v2.app.getHttpServer()).get(`/deliveries/${created.id}`).expect(200)).body;
      expect(fromV2.servedBy).toEqual({ version: 'v2', track: 'canary' });
      expect(fromV2.eta.model).toBe('traffic-aware-v2');
      expect(fromV2.eta.confidence).toBeGreaterThan(0);
      expect(fromV2.eta.minutes).not.toBe(created.eta.minutes);
      expect((await request(v2.app.getHttpServer()).get('/version').expect(200)).body.version).toBe('v2');
    } finally {
      await v2.close();
      await v1.close();
      await users.stop();
    }
  });
});
