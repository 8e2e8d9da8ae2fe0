/** What a new version must achieve during an analysis window to be promoted. */
export interface Thresholds {
  /** Fraction of non-5xx answers, 0..1. */
  minSuccessRate: number;
  /** 99th percentile latency, milliseconds. */
  maxP99Ms: number;
  /** Never judge on too little traffic: below this many requests in a window, wait longer. */
  minRequests: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minSuccessRate: 0.99, maxP99Ms: 500, minRequests: 20 };
