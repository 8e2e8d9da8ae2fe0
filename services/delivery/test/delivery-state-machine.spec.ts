import type { DeliveryEventType, DeliveryStatus } from '@courier/contracts';
import { nextStatus } from '../src/delivery-state-machine';

describe('delivery state machine', () => {
  const allowed: [DeliveryStatus, DeliveryEventType, DeliveryStatus][] = [
    ['CREATED', 'ASSIGN', 'ASSIGNED'],
    ['ASSIGNED', 'PICK_UP', 'PICKED_UP'],
    ['PICKED_UP', 'DEPART', 'IN_TRANSIT'],
    ['IN_TRANSIT', 'DELIVER', 'DELIVERED'],
    ['CREATED', 'CANCEL', 'CANCELLED'],
    ['ASSIGNED', 'CANCEL', 'CANCELLED'],
    ['PICKED_UP', 'CANCEL', 'CANCELLED'],
    ['IN_TRANSIT', 'CANCEL', 'CANCELLED'],
  ];
  it.each(allowed)('%s + %s → %s', (from, event, to) => {
    expect(nextStatus(from, event)).toBe(to);
  });

  const statuses: DeliveryStatus[] = ['CREATED', 'ASSIGNED', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED', 'CANCELLED'];
  const events: DeliveryEventType[] = ['ASSIGN', 'PICK_UP', 'DEPART', 'DELIVER', 'CANCEL'];
  const forbidden = statuses.flatMap((s) => events.map((e) => [s, e] as const)).filter(([s, e]) => !allowed.some(([from, ev]) => from === s && ev === e));

  it.each(forbidden)('%s + %s is a 409 conflict', (from, event) => {
    expect(() => nextStatus(from, event)).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('treats DELIVERED and CANCELLED as final', () => {
    for (const event of events) {
      expect(() => nextStatus('DELIVERED', event)).toThrow();
      expect(() => nextStatus('CANCELLED', event)).toThrow();
    }
  });
});
