import { z } from 'zod';

/** The lifecycle in DESIGN.md: CREATED → ASSIGNED → PICKED_UP → IN_TRANSIT → DELIVERED, or CANCELLED. */
export const DeliveryStatusSchema = z.enum(['CREATED', 'ASSIGNED', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED', 'CANCELLED']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** Events are what clients post; the state machine decides which status each one leads to. */
export const DeliveryEventTypeSchema = z.enum(['ASSIGN', 'PICK_UP', 'DEPART', 'DELIVER', 'CANCEL']);
export type DeliveryEventType = z.infer<typeof DeliveryEventTypeSchema>;
