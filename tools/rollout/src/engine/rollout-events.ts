// The engine's events are relayed to the control room: their shape is in the control-plane contract.
export type { RolloutEvent, RolloutStatus } from '@courier/contracts';
