import type { Eta } from '@courier/contracts';
import { etaAt, HANDLING_MINUTES, REMAINING_ROUTE, type EtaInput, type EtaModel } from './eta-model';

const AVERAGE_SPEED_KMH = 30;

/** v1: a constant city speed. Simple, and wrong at rush hour. */
export class FlatSpeedEtaModel implements EtaModel {
  readonly name = 'flat-speed-v1';

  estimate({ distanceKm, status, now, deliveredAt }: EtaInput): Eta {
    if (status === 'DELIVERED') return { ...etaAt(deliveredAt ?? now, 0, this.name) };
    const driving = ((distanceKm * REMAINING_ROUTE[status]) / AVERAGE_SPEED_KMH) * 60;
    return etaAt(now, HANDLING_MINUTES[status] + driving, this.name);
  }
}
