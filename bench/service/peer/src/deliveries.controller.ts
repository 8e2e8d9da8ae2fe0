import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
// A value import: Nest reads the constructor's parameter type from decorator metadata, as a plain
// NestJS app written from the docs does (Courier's services name theirs with @Inject instead).
// eslint-disable-next-line @typescript-eslint/consistent-type-imports
import { PrismaService } from './prisma.service';

@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly prisma: PrismaService) {}

  /** The delivery with its events, oldest first: the same rows delivery reads for the same path. */
  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    // 'query' is what a client generated without the relationJoins preview does (one query per
    // table); this one is generated from delivery's schema, which turns the preview on.
    const delivery = await this.prisma.delivery.findUnique({ relationLoadStrategy: 'query', where: { id }, include: { events: { orderBy: { at: 'asc' } } } });
    if (!delivery) throw new NotFoundException(`delivery ${id} not found`);
    return delivery;
  }
}
