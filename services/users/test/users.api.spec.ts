import request from 'supertest';
import { startUsersTestApp, type UsersTestApp } from './users-test-app';

describe('users API', () => {
  let users: UsersTestApp;
  const http = () => request(users.app.getHttpServer());
  const uniqueEmail = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const createUser = async (email = uniqueEmail('u'), name = 'Grace Hopper') => (await http().post('/users').send({ email, name }).expect(201)).body;

  beforeAll(async () => {
    users = await startUsersTestApp();
  });
  afterAll(() => users.close());

  const expectProblem = (res: request.Response, status: number, fields: string[] = []) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
    if (fields.length) expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
  };

  describe('POST /users', () => {
    it('creates a user, normalising the email', async () => {
      const res = await http().post('/users').send({ email: 'Ada@Example.COM', name: ' Ada ' }).expect(201);
      expect(res.body).toMatchObject({ email: 'ada@example.com', name: 'Ada', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(res.headers.location).toBe(`/users/${res.body.id}`);
    });

    it('answers 409 when the email is taken', async () => {
      const email = uniqueEmail('dup');
      await createUser(email);
      expectProblem(await http().post('/users').send({ email, name: 'Someone else' }), 409);
    });

    it.each([
      ['missing fields', {}, ['body.email', 'body.name']],
      ['wrong types', { email: 42, name: ['x'] }, ['body.email', 'body.name']],
      ['an invalid email', { email: 'not-an-email', name: 'A' }, ['body.email']],
      ['an empty name', { email: 'a@b.co', name: '   ' }, ['body.name']],
      ['a 10 000 character name', { email: 'a@b.co', name: 'x'.repeat(10_000) }, ['body.name']],
      ['a NUL character PostgreSQL cannot store', { email: 'a@b.co', name: 'Ada\u0000' }, ['body.name']],
      ['an unknown field', { email: 'a@b.co', name: 'A', admin: true }, ['body']],
    ])('rejects %s with 400 naming the field', async (_case, body, fields) => {
      expectProblem(await http().post('/users').send(body), 400, fields);
    });

    it('rejects a JSON array or scalar body', async () => {
      expectProblem(await http().post('/users').send([1, 2]), 400, ['body']);
      expectProblem(await http().post('/users').set('content-type', 'application/json').send('"just a string"'), 400, ['body']);
    });

    it('rejects malformed JSON with 400 and an oversized body with 413', async () => {
      expectProblem(await http().post('/users').set('content-type', 'application/json').send('{"email": "a@b.co",'), 400);
      expectProblem(await http().post('/users').send({ email: 'a@b.co', name: 'x'.repeat(100 * 1024) }), 413);
    });
  });

  describe('GET /users/:id', () => {
    it('returns a user', async () => {
      const user = await createUser();
      expect((await http().get(`/users/${user.id}`).expect(200)).body).toEqual(user);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectProblem(await http().get('/users/00000000-0000-4000-8000-000000000000'), 404);
      expectProblem(await http().get('/users/..%2F..%2Fetc%2Fpasswd'), 400, ['param.id']);
    });
  });

  describe('GET /users', () => {
    it('pages through users with a cursor', async () => {
      const tag = Math.random().toString(36).slice(2, 8);
      const created = [];
      for (let i = 0; i < 3; i++) created.push(await createUser(`${tag}-${i}@example.com`));
      const ids = new Set(created.map((u) => u.id));

      const seen: string[] = [];
      let cursor: string | null | undefined;
      do {
        const res = await http().get('/users').query({ limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((u: { id: string }) => u.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.filter((id) => ids.has(id))).toHaveLength(3);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('filters by email', async () => {
      const user = await createUser();
      const res = await http().get('/users').query({ email: user.email.toUpperCase() }).expect(200);
      expect(res.body.items).toEqual([user]);
    });

    it('rejects a bad limit naming the query field', async () => {
      expectProblem(await http().get('/users').query({ limit: 'lots' }), 400, ['query.limit']);
      expectProblem(await http().get('/users').query({ limit: 1000 }), 400, ['query.limit']);
    });
  });

  describe('PATCH /users/:id', () => {
    it('updates name and email', async () => {
      const user = await createUser();
      const email = uniqueEmail('new');
      const res = await http().patch(`/users/${user.id}`).send({ name: 'Renamed', email }).expect(200);
      expect(res.body).toMatchObject({ id: user.id, name: 'Renamed', email });
    });

    it('answers 409 when moving to a taken email, 404 for an unknown user, 400 for an empty change', async () => {
      const [a, b] = [await createUser(), await createUser()];
      expectProblem(await http().patch(`/users/${a.id}`).send({ email: b.email }), 409);
      expectProblem(await http().patch('/users/00000000-0000-4000-8000-000000000000').send({ name: 'x' }), 404);
      expectProblem(await http().patch(`/users/${a.id}`).send({}), 400);
    });
  });

  describe('DELETE /users/:id', () => {
    it('deletes a user, then 404s', async () => {
      const user = await createUser();
      await http().delete(`/users/${user.id}`).expect(204);
      expectProblem(await http().get(`/users/${user.id}`), 404);
      expectProblem(await http().delete(`/users/${user.id}`), 404);
    });
  });

  describe('mirrored (shadow) traffic', () => {
    it('answers a shadow create normally but persists nothing', async () => {
      const email = uniqueEmail('shadow');
      const res = await http().post('/users').set('host', 'users-shadow:8080').send({ email, name: 'Mirror' }).expect(201);
      expect(res.body.email).toBe(email);
      expect((await http().get('/users').query({ email }).expect(200)).body.items).toEqual([]);
    });

    it('answers a shadow delete normally but keeps the row', async () => {
      const user = await createUser();
      await http().delete(`/users/${user.id}`).set('host', 'users-shadow').expect(204);
      await http().get(`/users/${user.id}`).expect(200);
    });
  });

  it('is ready when the database answers', async () => {
    const res = await http().get('/readyz').expect(200);
    expect(res.body.details.database.status).toBe('up');
  });
});
