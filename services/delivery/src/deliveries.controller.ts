import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  CreateDeliverySchema,
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
import { RequestHeader, ShadowRequest, ZodValidationPipe } from '@courier/service-kit';
import type { FastifyReply } from 'fastify';
import { DeliveriesService } from './deliveries.service';

@Controller('deliveries')
export class DeliveriesController {
  constructor(@Inject(DeliveriesService) private readonly deliveries: DeliveriesService) {}

  @Post()
  async create(
    @Body(new ZodValidationPipe(CreateDeliverySchema)) body: CreateDelivery,
    @RequestHeader('idempotency-key', new ZodValidationPipe(IdempotencyKeySchema.optional(), 'header')) idempotencyKey: string | undefined,
    @ShadowRequest() shadow: boolean,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Delivery> {
    const { delivery, replayed } = await this.deliveries.create(body, idempotencyKey, shadow);
    void reply
      .status(replayed ? 200 : 201)
      .header('location', `/deliveries/${delivery.id}`)
      .header('idempotent-replayed', String(replayed));
    return delivery;
  }

  @Get()
  list(@Query(new ZodValidationPipe(ListDeliveriesQuerySchema)) query: ListDeliveriesQuery): Promise<DeliveryList> {
    return this.deliveries.listByOwner(query);
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
    @ShadowRequest() shadow: boolean,
  ): Promise<Delivery> {
    return this.deliveries.recordEvent(id, body, shadow);
  }
}
