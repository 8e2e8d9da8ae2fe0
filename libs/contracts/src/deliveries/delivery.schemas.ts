import { z } from 'zod';
import { requiredOr } from '../problem/field-messages';
import { storableText } from '../problem/storable-text';
import { DeliveryEventTypeSchema, DeliveryStatusSchema } from './delivery-status';

const Address = storableText(z.string({ error: requiredOr('must be a string') }).trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'));

export const CreateDeliverySchema = z.strictObject({
  ownerId: z.uuid({ error: requiredOr('must be a UUID') }),
  pickupAddress: Address,
  dropoffAddress: Address,
  distanceKm: z.number({ error: requiredOr('must be a number') }).positive('must be greater than 0').max(1000, 'must be at most 1000 km'),
});
export type CreateDelivery = z.infer<typeof CreateDeliverySchema>;

export const DeliveryIdSchema = z.uuid({ error: requiredOr('must be a UUID') });

export const RecordDeliveryEventSchema = z.strictObject({
  type: DeliveryEventTypeSchema,
  courierName: storableText(z.string().trim().min(1).max(200)).optional(),
  note: storableText(z.string().max(500, 'must be at most 500 characters')).optional(),
});
export type RecordDeliveryEvent = z.infer<typeof RecordDeliveryEventSchema>;

export const ListDeliveriesQuerySchema = z.strictObject({
  ownerId: z.uuid({ error: requiredOr('must be a UUID') }),
  limit: z.coerce.number().int('must be an integer').min(1).max(100).default(20),
});
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuerySchema>;

/** Idempotency keys are opaque client tokens; bounded and printable so they are safe to store and log. */
export const IdempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const DeliveryEventSchema = z.object({
  /** An event type, or CREATE for the record written when the delivery was created. */
  type: z.union([DeliveryEventTypeSchema, z.literal('CREATE')]),
  status: DeliveryStatusSchema,
  at: z.string(),
  courierName: z.string().nullable(),
  note: z.string().nullable(),
});
export type DeliveryEvent = z.infer<typeof DeliveryEventSchema>;

export const EtaSchema = z.object({
  estimatedArrival: z.string(),
  minutes: z.number(),
  model: z.string(),
  confidence: z.number().optional(),
});
export type Eta = z.infer<typeof EtaSchema>;

export const DeliverySchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  pickupAddress: z.string(),
  dropoffAddress: z.string(),
  distanceKm: z.number(),
  status: DeliveryStatusSchema,
  eta: EtaSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  events: z.array(DeliveryEventSchema),
  servedBy: z.object({ version: z.string(), track: z.string() }),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveryListSchema = z.object({ items: z.array(DeliverySchema) });
export type DeliveryList = z.infer<typeof DeliveryListSchema>;
