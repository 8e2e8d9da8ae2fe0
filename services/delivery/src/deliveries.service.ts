import { Inject, Injectable } from '@nestjs/common';
import { ProblemError, type CreateDelivery, type Delivery, type DeliveryList, type ListDeliveriesQuery, type RecordDeliveryEvent } from '@courier/contracts';
import { withShadowRollback } from '@courier/db';
import { PRISMA_CLIENT } from '@courier/db/nest';
import { VERSION_INFO, type VersionInfo } from '@courier/service-kit';
import { nextStatus } from './delivery-state-machine';
import { toDeliveryDto, type DeliveryWithEvents } from './delivery.dto';
import { ETA_MODEL } from './delivery.tokens';
import type { EtaModel } from './eta/eta-model';
import { Prisma, type PrismaClient } from './generated/prisma/client';
import { OwnerDirectory } from './owner-directory';
import { requestFingerprint } from './request-fingerprint';

const WITH_EVENTS = { events: { orderBy: { at: 'asc' } } } as const;

export interface CreateResult {
  delivery: Delivery;
  /** True when an earlier request with the same Idempotency-Key already created it. */
  replayed: boolean;
}

@Injectable()
export class DeliveriesService {
  constructor(
    @Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient,
    @Inject(OwnerDirectory) private readonly owners: OwnerDirectory,
    @Inject(ETA_MODEL) private readonly etaModel: EtaModel,
    @Inject(VERSION_INFO) private readonly versionInfo: VersionInfo,
  ) {}

  /**
   * Creates a delivery at most once per Idempotency-Key: a replay (a mesh retry, a double click)
   * returns the first result, and the unique index settles two concurrent first attempts.
   */
  async create(input: CreateDelivery, idempotencyKey: string | undefined, shadow: boolean): Promise<CreateResult> {
    const fingerprint = requestFingerprint(input);
    if (idempotencyKey) {
      const earlier = await this.findByIdempotencyKey(idempotencyKey, fingerprint);
      if (earlier) return { delivery: earlier, replayed: true };
    }
    await this.owners.requireOwner(input.ownerId);

    const write = (db: Prisma.TransactionClient) =>
      db.delivery.create({
        data: { ...input, idempotencyKey, requestFingerprint: idempotencyKey ? fingerprint : undefined, events: { create: { type: 'CREATE', status: 'CREATED' } } },
        include: WITH_EVENTS,
      });
    try {
      const row = shadow ? await withShadowRollback(this.prisma, write) : await write(this.prisma);
      return { delivery: this.toDto(row), replayed: false };
    } catch (error) {
      if (idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const winner = await this.findByIdempotencyKey(idempotencyKey, fingerprint);
        if (winner) return { delivery: winner, replayed: true };
      }
      throw error;
    }
  }

  async get(id: string): Promise<Delivery> {
    const row = await this.prisma.delivery.findUnique({ where: { id }, include: WITH_EVENTS });
    if (!row) throw ProblemError.notFound(`delivery ${id} does not exist`);
    return this.toDto(row);
  }

  async listByOwner(query: ListDeliveriesQuery): Promise<DeliveryList> {
    const rows = await this.prisma.delivery.findMany({ where: { ownerId: query.ownerId }, include: WITH_EVENTS, orderBy: { createdAt: 'desc' }, take: query.limit });
    return { items: rows.map((row) => this.toDto(row)) };
  }

  /**
   * Applies one event through the state machine. The update is conditional on the status we read,
   * so two racing events cannot both win: the loser gets a 409.
   */
  async recordEvent(id: string, event: RecordDeliveryEvent, shadow: boolean): Promise<Delivery> {
    const write = async (db: Prisma.TransactionClient) => {
      const current = await db.delivery.findUnique({ where: { id } });
      if (!current) throw ProblemError.notFound(`delivery ${id} does not exist`);
      const status = nextStatus(current.status, event.type);
      const { count } = await db.delivery.updateMany({ where: { id, status: current.status }, data: { status } });
      if (count === 0) throw ProblemError.conflict(`delivery ${id} changed concurrently; read it again and retry`);
      await db.deliveryEvent.create({ data: { deliveryId: id, type: event.type, status, courierName: event.courierName, note: event.note } });
      return db.delivery.findUniqueOrThrow({ where: { id }, include: WITH_EVENTS });
    };
    const row = shadow ? await withShadowRollback(this.prisma, write) : await this.prisma.$transaction(write);
    return this.toDto(row);
  }

  private async findByIdempotencyKey(key: string, fingerprint: string): Promise<Delivery | undefined> {
    const row = await this.prisma.delivery.findUnique({ where: { idempotencyKey: key }, include: WITH_EVENTS });
    if (!row) return undefined;
    if (row.requestFingerprint !== fingerprint) {
      throw ProblemError.unprocessable('Idempotency-Key was already used with a different request body', [
        { field: 'header.idempotency-key', detail: 'reused with a different request body' },
      ]);
    }
    return this.toDto(row);
  }

  private toDto(row: DeliveryWithEvents): Delivery {
    return toDeliveryDto(row, this.etaModel, this.versionInfo);
  }
}
