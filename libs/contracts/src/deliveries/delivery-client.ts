import { ServiceHttpClient, type ServiceHttpClientOptions } from '../http/service-http-client';
import {
  DeliveryListSchema,
  DeliverySchema,
  type CreateDelivery,
  type Delivery,
  type DeliveryList,
  type RecordDeliveryEvent,
} from './delivery.schemas';

export interface CreatedDelivery {
  delivery: Delivery;
  /** True when the delivery service answered from its idempotency record instead of creating a new one. */
  replayed: boolean;
}

/** Typed client for the delivery service, used by web's BFF. */
export class DeliveryClient {
  private readonly http: ServiceHttpClient;

  constructor(options: Omit<ServiceHttpClientOptions, 'service'>) {
    this.http = new ServiceHttpClient({ service: 'delivery', ...options });
  }

  async create(input: CreateDelivery, idempotencyKey?: string): Promise<CreatedDelivery> {
    const res = await this.http.request({
      method: 'POST',
      path: '/deliveries',
      body: input,
      headers: { 'idempotency-key': idempotencyKey },
      schema: DeliverySchema,
    });
    return { delivery: res.body, replayed: res.headers['idempotent-replayed'] === 'true' };
  }

  async get(id: string): Promise<Delivery> {
    return (await this.http.request({ method: 'GET', path: `/deliveries/${encodeURIComponent(id)}`, schema: DeliverySchema })).body;
  }

  async listByOwner(ownerId: string, limit?: number): Promise<DeliveryList> {
    return (await this.http.request({ method: 'GET', path: '/deliveries', query: { ownerId, limit }, schema: DeliveryListSchema })).body;
  }

  async recordEvent(id: string, event: RecordDeliveryEvent): Promise<Delivery> {
    return (
      await this.http.request({ method: 'POST', path: `/deliveries/${encodeURIComponent(id)}/events`, body: event, schema: DeliverySchema })
    ).body;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
