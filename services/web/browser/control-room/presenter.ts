/**
 * Presenter mode (`/control-room?presenter=1`): for a projector at 1280×720. All three services side
 * by side with their routing, rollout steps and timeline, no scrolling; larger figures and thicker
 * chart lines; the settings (step length, steps, bad mode) stay in the normal view.
 */
export const PRESENTER = new URLSearchParams(location.search).get('presenter') === '1';

/** The chart's height and line width: shorter and bolder on a projector. */
export const CHART_STYLE = PRESENTER ? { height: 120, lineWidth: 5 } : { height: 240, lineWidth: 3 };

/** The buttons' words: one row of five fits a third of a projector without "Start". */
export const startLabel = (strategy: string) => (PRESENTER ? strategy : `Start ${strategy}`);
