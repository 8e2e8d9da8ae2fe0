import type { DeliveryStatus, Eta } from '@courier/contracts';

export interface EtaInput {
  distanceKm: number;
  status: DeliveryStatus;
  createdAt: Date;
  /** When the parcel was handed over, for delivered parcels. */
  deliveredAt?: Date;
  now: Date;
}

/** An ETA algorithm. v1 and v2 of delivery differ here, visibly, so a demo can tell them apart. */
export interface EtaModel {
  readonly name: string;
  estimate(input: EtaInput): Eta;
}

/** Minutes of work left before the courier is on the road, by status. */
export const HANDLING_MINUTES: Record<DeliveryStatus, number> = {
  CREATED: 20,
  ASSIGNED: 12,
  PICKED_UP: 3,
  IN_TRANSIT: 0,
  DELIVERED: 0,
  CANCELLED: 0,
};

/** Share of the driving distance still ahead, by status. */
export const REMAINING_ROUTE: Record<DeliveryStatus, number> = {
  CREATED: 1,
  ASSIGNED: 1,
  PICKED_UP: 1,
  IN_TRANSIT: 0.5,
  DELIVERED: 0,
  CANCELLED: 0,
};

export function etaAt(now: Date, minutes: number, model: string, confidence?: number): Eta {
  const rounded = Math.max(0, Math.round(minutes));
  return { estimatedArrival: new Date(now.getTime() + rounded * 60_000).toISOString(), minutes: rounded, model, ...(confidence === undefined ? {} : { confidence }) };
}
