/**
 * A uniform number in [0, 1). Weighted routing, fault and mirror percentages draw from one of
 * these so that tests can pin a decision; the mesh itself uses Math.random.
 */
export type RandomSource = () => number;

export const defaultRandom: RandomSource = Math.random;
