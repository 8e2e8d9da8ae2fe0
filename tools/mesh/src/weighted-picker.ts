import { defaultRandom, type RandomSource } from './random-source';

export interface WeightedChoice<T> {
  item: T;
  weight: number;
}

/**
 * Picks among weighted destinations the way Envoy's weighted clusters do: each request draws
 * independently, so over n requests a destination with weight w gets Binomial(n, w/total).
 * Destinations with weight 0 never receive traffic.
 */
export class WeightedPicker<T> {
  private readonly items: T[];
  /** Running totals: item i is chosen when the draw falls below cumulative[i]. */
  private readonly cumulative: number[];
  readonly totalWeight: number;

  constructor(readonly choices: ReadonlyArray<WeightedChoice<T>>, private readonly random: RandomSource = defaultRandom) {
    const positive = choices.filter((choice) => choice.weight > 0);
    this.items = positive.map((choice) => choice.item);
    let total = 0;
    this.cumulative = positive.map((choice) => (total += choice.weight));
    this.totalWeight = total;
  }

  /** undefined when every weight is 0. */
  pick(): T | undefined {
    const count = this.items.length;
    if (count <= 1) return this.items[0];
    const draw = this.random() * this.totalWeight;
    for (let index = 0; index < count - 1; index++) {
      if (draw < this.cumulative[index]) return this.items[index];
    }
    return this.items[count - 1];
  }
}
