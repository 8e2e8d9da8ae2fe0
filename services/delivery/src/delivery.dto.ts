import type { Delivery, DeliveryEvent } from '@courier/contracts';
import type { VersionInfo } from '@courier/service-kit';
import type { EtaModel } from './eta/eta-model';
import type { Delivery as DeliveryRow, DeliveryEvent as DeliveryEventRow } from './generated/prisma/client';

export type DeliveryWithEvents = DeliveryRow & { events: DeliveryEventRow[] };

/** Rows become the contract's shape; the ETA is computed at read time by this version's model. */
export function toDeliveryDto(row: DeliveryWithEvents, etaModel: EtaModel, servedBy: VersionInfo, now = new Date()): Delivery {
  const deliveredAt = row.events.find((e) => e.status === 'DELIVERED')?.at;
  return {
    id: row.id,
    ownerId: row.ownerId,
    pickupAddress: row.pickupAddress,
    dropoffAddress: row.dropoffAddress,
    distanceKm: row.distanceKm,
    status: row.status,
    eta: etaModel.estimate({ distanceKm: row.distanceKm, status: row.status, createdAt: row.createdAt, deliveredAt, now }),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    events: row.events.map(toEventDto),
    servedBy: { version: servedBy.version, track: servedBy.track },
  };
}

function toEventDto(event: DeliveryEventRow): DeliveryEvent {
  return { type: event.type as DeliveryEvent['type'], status: event.status, at: event.at.toISOString(), courierName: event.courierName, note: event.note };
}
