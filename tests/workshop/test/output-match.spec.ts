import { missingLines, normalise } from './support/output-match';

/** The matcher that keeps the labs true: loose only on the figures that change from run to run. */
describe('a lab\'s shown output against what its commands print', () => {
  it('accepts other counts, timings, ids and times', () => {
    const shown = '     79 delivery/v1 (stable)\n  ✔ canary 25%: 33 req, success 100.0%, p99 219 ms — pass\ncustomer 906966f6-07c3-4dda-99da-b348072f4bf0';
    const printed = 'customer 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d\n     81 delivery/v1 (stable)\n  ✔ canary 25%: 29 req, success 96.6%, p99 1204 ms — pass';
    expect(missingLines(shown, printed)).toEqual([]);
  });

  it('refuses another version, track, word or verdict', () => {
    const shown = '     79 delivery/v1 (stable)\n✅ promoted: v2 serves all traffic';
    expect(missingLines(shown, '     79 delivery/v2 (stable)\n⛔ rolled back: v2 serves all traffic')).toEqual(shown.split('\n'));
    expect(missingLines('delivery: canary — stable v1 80% · canary v2 20%', 'delivery: canary — stable v1 80% · mirror v2 20%')).toEqual(['delivery: canary — stable v1 80% · canary v2 20%']);
  });

  it('needs a printed line for every shown line, even when two shown lines are alike', () => {
    expect(missingLines('  ✔ step: 3 req\n  ✔ step: 4 req', '  ✔ step: 3 req')).toEqual(['  ✔ step: 4 req']);
  });

  it('keeps names with digits whole', () => {
    expect(normalise('e2e k8s v10 at 12:30, 5s')).toBe('e2e k8s v10 at <n>:<n>, <n>s');
  });
});
