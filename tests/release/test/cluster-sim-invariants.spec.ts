import path from 'node:path';
import { closeSimulators, expectSuccess, FIXTURES, harness, installArgs, prepareNamespace } from './fixtures/cluster-sim/harness';

/** `helm upgrade delivery` with the rollout values of one step, as the rollout engine runs it (strings with --set-string). */
const step = (...sets: string[]) => ['upgrade', 'delivery', 'delivery', '-n', 'courier', '--reset-then-reuse-values', ...sets.flatMap((set) => ['--set-string', set]), '--wait', '--timeout', '5m'];
/** A canary of v1.1.0 at a weight (an integer, hence --set). */
const canary = (weight: number) => [...step('rollout.strategy=canary', 'tracks.canary.version=v1.1.0', 'tracks.canary.tag=v1.1.0'), '--set', `rollout.canary.weight=${weight}`];

describe('cluster simulator: invariants between states', () => {
  afterEach(closeSimulators);

  describe('make-before-break', () => {
    it('a canary created with weight 10 in the same revision is a violation', async () => {
      const { sim, helm } = harness();
      prepareNamespace(sim);
      expectSuccess(await helm(...installArgs('delivery', 'v1.0.0')));
      // --set for the weight: the schema wants an integer.
      expectSuccess(await helm('upgrade', 'delivery', 'delivery', '-n', 'courier', '--reset-then-reuse-values', '--set', 'rollout.strategy=canary,rollout.canary.weight=10', '--set-string', 'tracks.canary.version=v1.1.0,tracks.canary.tag=v1.1.0', '--wait'));
      expect(sim.violations()).toEqual([
        expect.objectContaining({
          kind: 'make-before-break',
          command: expect.stringContaining('rollout.canary.weight=10'),
          message: expect.stringMatching(/courier\/delivery route primary \(weight\) -> subset canary of delivery .* Deployment delivery-canary is not ready/),
        }),
      ]);
    });

    it('creating the canary with weight 0, waiting, then weighting it is not', async () => {
      const { sim, helm } = harness();
      prepareNamespace(sim);
      expectSuccess(await helm(...installArgs('delivery', 'v1.0.0')));
      expectSuccess(await helm(...canary(0)));
      expectSuccess(await helm('upgrade', 'delivery', 'delivery', '-n', 'courier', '--reset-then-reuse-values', '--set', 'rollout.canary.weight=10', '--wait'));
      expect(sim.current.deployments['courier/delivery-canary']).toMatchObject({ ready: true, running: { labels: expect.objectContaining({ version: 'v1.1.0' }) } });
      expect(sim.violations()).toEqual([]);
    });

    it('removing a subset in the same revision that stops routing to it is a violation; draining it first is not', async () => {
      const { sim, helm } = harness();
      prepareNamespace(sim);
      expectSuccess(await helm(...installArgs('delivery', 'v1.0.0')));
      expectSuccess(await helm(...canary(0)));
      expectSuccess(await helm('upgrade', 'delivery', 'delivery', '-n', 'courier', '--reset-then-reuse-values', '--set', 'rollout.canary.weight=50', '--wait'));
      expect(sim.violations()).toEqual([]);

      expectSuccess(await helm('upgrade', 'delivery', 'delivery', '-n', 'courier', '--reset-then-reuse-values', '--set', 'rollout.strategy=none', '--wait'));
      expect(sim.violations()).toEqual([
        expect.objectContaining({ kind: 'make-before-break', message: expect.stringMatching(/subset canary of delivery routed traffic in the previous state, and now DestinationRule for delivery in courier has no subset canary/) }),
      ]);
    });
  });

  it('a mirror to a canary created in the same revision is a violation too', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    expectSuccess(await helm(...installArgs('delivery', 'v1.0.0')));
    expectSuccess(await helm(...step('rollout.strategy=mirror', 'tracks.canary.version=v1.1.0', 'tracks.canary.tag=v1.1.0')));
    expect(sim.violations()).toEqual([expect.objectContaining({ kind: 'make-before-break', message: expect.stringMatching(/route primary \(mirror\) -> subset canary of delivery .*delivery-canary is not ready/) })]);
  });

  it('the live version must not drop below a recorded promotion', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    expectSuccess(await helm(...installArgs('delivery', 'v1.0.0')));
    expectSuccess(await helm(...step('image.tag=v1.1.0', 'tracks.stable.version=v1.1.0')));
    sim.recordPromotion('courier', 'delivery', 'v1.1.0');
    expectSuccess(await helm(...step('image.tag=v1.2.0', 'tracks.stable.version=v1.2.0')));
    expect(sim.violations()).toEqual([]);

    expectSuccess(await helm('rollback', 'delivery', '1', '-n', 'courier', '--wait'));
    expect(sim.violations()).toEqual([
      expect.objectContaining({ kind: 'live-version-regressed', command: 'helm rollback delivery 1 -n courier --wait', message: 'delivery in courier went live with v1.0.0, below the promoted v1.1.0' }),
    ]);
  });

  describe('migrations run the newest image before traffic reaches it', () => {
    const legacy = path.join(FIXTURES, 'legacy-migration');

    it('a chart whose hook migrates with the stable image violates it when the canary gets traffic', async () => {
      const { sim, helm } = harness();
      prepareNamespace(sim);
      expectSuccess(await helm('upgrade', '--install', 'legacy', legacy, '-n', 'courier', '--wait'));
      expect(sim.violations()).toEqual([]);
      expectSuccess(await helm('upgrade', 'legacy', legacy, '-n', 'courier', '--reuse-values', '--set', 'canaryWeight=10', '--wait'));
      expect(sim.current.migrations.map((run) => run.image)).toEqual(['courier/legacy:v1.0.0', 'courier/legacy:v1.0.0']);
      expect(sim.violations()).toEqual([
        expect.objectContaining({ kind: 'migration-before-traffic', message: expect.stringContaining('sends traffic to legacy v1.1.0, but the newest migration in courier ran courier/legacy:v1.0.0 (v1.0.0)') }),
      ]);
    });

    it('courier-lib migrates with the newest track, so the same canary is fine', async () => {
      const { sim, helm } = harness();
      prepareNamespace(sim);
      expectSuccess(await helm(...installArgs('delivery', 'v1.0.0')));
      expectSuccess(await helm(...canary(10)));
      expect(sim.current.migrations.map((run) => run.version)).toEqual(['v1.0.0', 'v1.1.0']);
      expect(sim.violations().filter((violation) => violation.kind === 'migration-before-traffic')).toEqual([]);
    });
  });

  it('a namespace without sidecar injection is recorded: routing is not exercised there', async () => {
    const { sim, helm } = harness();
    sim.seedNamespace('courier-qa');
    sim.seedSecret('courier-qa', 'courier-database', { DATABASE_URL: 'postgresql://qa' });
    expectSuccess(await helm(...installArgs('users', 'v1.0.0', 'courier-qa')));
    expect(sim.current.deployments['courier-qa/users-stable'].sidecar).toBe(false);
    expect(sim.violations()).toEqual([expect.objectContaining({ kind: 'no-sidecar-injection', message: expect.stringContaining('routing not exercised: namespace courier-qa has no sidecar injection') })]);
  });
});
