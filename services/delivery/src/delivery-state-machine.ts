import { ProblemError, type DeliveryEventType, type DeliveryStatus } from '@courier/contracts';

/** Which statuses each event may be applied in, and where it leads. */
const TRANSITIONS: Record<DeliveryEventType, { from: readonly DeliveryStatus[]; to: DeliveryStatus }> = {
  ASSIGN: { from: ['CREATED'], to: 'ASSIGNED' },
  PICK_UP: { from: ['ASSIGNED'], to: 'PICKED_UP' },
  DEPART: { from: ['PICKED_UP'], to: 'IN_TRANSIT' },
  DELIVER: { from: ['IN_TRANSIT'], to: 'DELIVERED' },
  // A parcel can be called back until it is handed over; DELIVERED and CANCELLED are final.
  CANCEL: { from: ['CREATED', 'ASSIGNED', 'PICKED_UP', 'IN_TRANSIT'], to: 'CANCELLED' },
};

/** The status `event` leads to from `current`, or a 409 problem saying what would have been allowed. */
export function nextStatus(current: DeliveryStatus, event: DeliveryEventType): DeliveryStatus {
  const rule = TRANSITIONS[event];
  if (!rule.from.includes(current)) {
    throw ProblemError.conflict(`cannot apply ${event} to a delivery that is ${current}; ${event} is allowed from ${rule.from.join(', ')}`);
  }
  return rule.to;
}

export function isFinal(status: DeliveryStatus): boolean {
  return status === 'DELIVERED' || status === 'CANCELLED';
}
