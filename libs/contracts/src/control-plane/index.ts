export * from './rollout-values';
export * from './rollout-events';
export * from './routing-view';
export * from './rollout-requests';
export * from './stack-state';
export * from './mesh-profile';
