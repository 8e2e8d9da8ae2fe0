import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
// The client Prisma generates from delivery's schema (its build output: a user generates their own).
import { PrismaClient } from '../../../../services/delivery/dist/generated/prisma/client';

/** Prisma's NestJS recipe: the client is the provider, connected with the module. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  constructor() {
    super({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }, { schema: 'delivery' }) });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
