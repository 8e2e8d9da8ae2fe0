import type { EtaModel } from './eta-model';
import { FlatSpeedEtaModel } from './flat-speed-eta-model';
import { TrafficAwareEtaModel } from './traffic-aware-eta-model';

/**
 * A version's behaviour comes from its configuration (APP_VERSION), not from a separate code tree:
 * releases from v2 on ship the traffic-aware model.
 */
export function etaModelForVersion(appVersion: string): EtaModel {
  const major = Number(/^v?(\d+)/.exec(appVersion)?.[1] ?? 1);
  return major >= 2 ? new TrafficAwareEtaModel() : new FlatSpeedEtaModel();
}
