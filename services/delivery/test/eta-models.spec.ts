import { etaModelForVersion } from '../src/eta/eta-model-for-version';
import { FlatSpeedEtaModel } from '../src/eta/flat-speed-eta-model';
import { TrafficAwareEtaModel } from '../src/eta/traffic-aware-eta-model';

describe('ETA models', () => {
  const rushHour = new Date('2026-11-24T08:00:00Z');
  const night = new Date('2026-11-24T02:00:00Z');
  const input = (now: Date) => ({ distanceKm: 30, status: 'CREATED' as const, createdAt: now, now });

  it('gives a 20 km parcel a different ETA in v1 and v2 at every hour of the day (the API test relies on it)', () => {
    // At 40 km they met at 19:00 UTC (100 minutes each), and the API test failed for that hour.
    const hours = Array.from({ length: 24 }, (_, hour) => new Date(Date.UTC(2026, 10, 24, hour, 30)));
    const alike = hours.filter((now) => {
      const parcel = { distanceKm: 20, status: 'CREATED' as const, createdAt: now, now };
      return new FlatSpeedEtaModel().estimate(parcel).minutes === new TrafficAwareEtaModel().estimate(parcel).minutes;
    });
    expect(alike.map((now) => now.getUTCHours())).toEqual([]);
  });

  it('picks the model from APP_VERSION', () => {
    expect(etaModelForVersion('v1')).toBeInstanceOf(FlatSpeedEtaModel);
    expect(etaModelForVersion('1.4.2')).toBeInstanceOf(FlatSpeedEtaModel);
    expect(etaModelForVersion('v2')).toBeInstanceOf(TrafficAwareEtaModel);
    expect(etaModelForVersion('v3.0.1')).toBeInstanceOf(TrafficAwareEtaModel);
  });

  it('v1 ignores the time of day', () => {
    const model = new FlatSpeedEtaModel();
    expect(model.estimate(input(rushHour)).minutes).toBe(model.estimate(input(night)).minutes);
    expect(model.estimate(input(night))).toMatchObject({ minutes: 20 + 60, model: 'flat-speed-v1' });
  });

  it('v2 is slower at rush hour and reports its confidence', () => {
    const model = new TrafficAwareEtaModel();
    const peak = model.estimate(input(rushHour));
    const quiet = model.estimate(input(night));
    expect(peak.minutes).toBeGreaterThan(quiet.minutes);
    expect(peak.confidence).toBeGreaterThan(0);
    expect(peak.model).toBe('traffic-aware-v2');
  });

  it('counts down as the parcel progresses and reaches 0 on delivery', () => {
    const model = new TrafficAwareEtaModel();
    const minutes = (['CREATED', 'ASSIGNED', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED'] as const).map(
      (status) => model.estimate({ ...input(night), status }).minutes,
    );
    expect([...minutes].sort((a, b) => b - a)).toEqual(minutes);
    expect(minutes[4]).toBe(0);
  });
});
