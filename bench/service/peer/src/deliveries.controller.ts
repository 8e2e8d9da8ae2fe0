import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { PrismaService } from './prisma.service';

@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly prisma: PrismaService) {}

  /** The delivery with its events, oldest first: the same rows delivery reads for the same path. */
  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const delivery = await this.prisma.delivery.findUnique({ where: { id }, include: { events: { orderBy: { at: 'asc' } } } });
    if (!delivery) throw new NotFoundException(`delivery ${id} not found`);
    return delivery;
  }
}
