/**
 * Okabe–Ito colours, readable by the common colour-blindnesses and bright enough on the dark
 * projector background. Every colour also has a label or a pattern on screen, never colour alone.
 */
export const PALETTE = {
  /** The version serving users today. */
  stable: '#56B4E9',
  /** The version a rollout moves traffic to. */
  new: '#009E73',
  /** Shadow copies (mirror): extra work for the new version, answers dropped. */
  mirror: '#E69F00',
  failed: '#D55E00',
  ink: '#F8FAFC',
  grid: '#334155',
} as const;
