import { CreateDeliverySchema, CreateUserSchema, IdempotencyKeySchema, RecordDeliveryEventSchema, UpdateUserSchema } from '../src';

describe('contract schemas', () => {
  it('normalise a new user', () => {
    expect(CreateUserSchema.parse({ email: 'Ada@Example.COM', name: '  Ada ' })).toEqual({ email: 'ada@example.com', name: 'Ada' });
  });

  it('reject unknown fields rather than silently dropping them', () => {
    expect(CreateUserSchema.safeParse({ email: 'a@b.co', name: 'A', role: 'admin' }).success).toBe(false);
  });

  it('require an update to change something', () => {
    expect(UpdateUserSchema.safeParse({}).success).toBe(false);
    expect(UpdateUserSchema.safeParse({ name: 'B' }).success).toBe(true);
  });

  it('bound deliveries to sane distances and UUID owners', () => {
    const base = { ownerId: '11111111-1111-4111-8111-111111111111', pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 5 };
    expect(CreateDeliverySchema.safeParse(base).success).toBe(true);
    expect(CreateDeliverySchema.safeParse({ ...base, distanceKm: 0 }).success).toBe(false);
    expect(CreateDeliverySchema.safeParse({ ...base, distanceKm: Number.MAX_VALUE }).success).toBe(false);
    expect(CreateDeliverySchema.safeParse({ ...base, ownerId: '../../etc/passwd' }).success).toBe(false);
  });

  it('refuse the NUL character in every text field a service stores (PostgreSQL cannot)', () => {
    const delivery = { ownerId: '11111111-1111-4111-8111-111111111111', pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 5 };
    const refused = [
      CreateDeliverySchema.safeParse({ ...delivery, pickupAddress: 'A\u0000' }),
      CreateDeliverySchema.safeParse({ ...delivery, dropoffAddress: '\u0000' }),
      RecordDeliveryEventSchema.safeParse({ type: 'ASSIGN', courierName: 'Bo\u0000' }),
      RecordDeliveryEventSchema.safeParse({ type: 'ASSIGN', note: '\u0000' }),
      CreateUserSchema.safeParse({ email: 'a@b.co', name: 'Ada\u0000' }),
    ];
    expect(refused.map((result) => result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`))).toEqual([
      ['pickupAddress: must not contain the NUL character (\\u0000)'],
      ['dropoffAddress: must not contain the NUL character (\\u0000)'],
      ['courierName: must not contain the NUL character (\\u0000)'],
      ['note: must not contain the NUL character (\\u0000)'],
      ['name: must not contain the NUL character (\\u0000)'],
    ]);
    expect(CreateUserSchema.safeParse({ email: 'a@b.co', name: 'Zoë 🚚' }).success).toBe(true);
  });

  it('accept only printable idempotency keys', () => {
    expect(IdempotencyKeySchema.safeParse('order-123_abc').success).toBe(true);
    expect(IdempotencyKeySchema.safeParse('evil\r\nSet-Cookie: x').success).toBe(false);
    expect(IdempotencyKeySchema.safeParse('x'.repeat(201)).success).toBe(false);
  });
});

describe('field messages', () => {
  it('say "is required" for a missing field and what was expected for a wrong one', () => {
    const missing = CreateUserSchema.safeParse({});
    expect(missing.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['email', 'is required'],
      ['name', 'is required'],
    ]);
    const wrong = CreateUserSchema.safeParse({ email: 'x', name: 3 });
    expect(wrong.error?.issues.map((i) => i.message)).toEqual(['must be a valid email address', 'must be a string']);
  });
});
