// A rollout's plan travels to the control room in its events: its shape is in the control-plane contract.
export type { RolloutPlan, RolloutStep } from '@courier/contracts';
