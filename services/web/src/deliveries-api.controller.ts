import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  CreateDeliverySchema,
  DeliveryClient,
  DeliveryIdSchema,
  IdempotencyKeySchema,
  ListDeliveriesQuerySchema,
  RecordDeliveryEventSchema,
  type CreateDelivery,
  type Delivery,
  type DeliveryList,
  type ListDeliveriesQuery,
  type RecordDeliveryEvent,
} from '@courier/contracts';
import { RequestHeader, ZodValidationPipe } from '@courier/service-kit';
import type { FastifyReply } from 'fastify';

/** BFF for the delivery service. The browser's Idempotency-Key is passed through unchanged. */
@Controller('api/deliveries')
export class DeliveriesApiController {
  constructor(@Inject(DeliveryClient) private readonly deliveries: DeliveryClient) {}

  @Post()
  async create(
    @Body(new ZodValidationPipe(CreateDeliverySchema)) body: CreateDelivery,
    @RequestHeader('idempotency-key', new ZodValidationPipe(IdempotencyKeySchema.optional(), 'header')) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Delivery> {
    const { delivery, replayed } = await this.deliveries.create(body, idempotencyKey);
    void reply.status(replayed ? 200 : 201).header('idempotent-replayed', String(replayed));
    return delivery;
  }

  @Get()
  list(@Query(new ZodValidationPipe(ListDeliveriesQuerySchema)) query: ListDeliveriesQuery): Promise<DeliveryList> {
    return this.deliveries.listByOwner(query.ownerId, query.limit);
  }

  @Get(':id')
  get(@Param('id', new ZodValidationPipe(DeliveryIdSchema)) id: string): Promise<Delivery> {
    return this.deliveries.get(id);
  }

  @Post(':id/events')
  @HttpCode(200)
  recordEvent(
    @Param('id', new ZodValidationPipe(DeliveryIdSchema)) id: string,
    @Body(new ZodValidationPipe(RecordDeliveryEventSchema)) body: RecordDeliveryEvent,
  ): Promise<Delivery> {
    return this.deliveries.recordEvent(id, body);
  }
}
