import type { Eta } from '@courier/contracts';
import { etaAt, HANDLING_MINUTES, REMAINING_ROUTE, type EtaInput, type EtaModel } from './eta-model';

/** Free-flow speed, slowed by a congestion factor that depends on the hour (UTC). */
const FREE_FLOW_SPEED_KMH = 38;
const CONGESTION_BY_HOUR = [
  1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.2, 1.6, 1.7, 1.35, 1.15, 1.15,
  1.25, 1.2, 1.15, 1.25, 1.5, 1.75, 1.6, 1.3, 1.15, 1.05, 1.0, 1.0,
];

/**
 * v2: time-of-day congestion, and a confidence that drops with distance. It gives visibly different
 * numbers from v1 and carries `confidence`, so the demo can see which version answered.
 */
export class TrafficAwareEtaModel implements EtaModel {
  readonly name = 'traffic-aware-v2';

  estimate({ distanceKm, status, now, deliveredAt }: EtaInput): Eta {
    if (status === 'DELIVERED') return etaAt(deliveredAt ?? now, 0, this.name, 1);
    const congestion = CONGESTION_BY_HOUR[now.getUTCHours()];
    const driving = ((distanceKm * REMAINING_ROUTE[status]) / FREE_FLOW_SPEED_KMH) * 60 * congestion;
    const confidence = Math.round(Math.max(0.5, 0.95 - distanceKm / 200) * 100) / 100;
    return etaAt(now, HANDLING_MINUTES[status] * 0.9 + driving, this.name, confidence);
  }
}
