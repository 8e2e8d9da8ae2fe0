import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '@courier/db/nest';
import { join } from 'node:path';
import { PrismaClient } from './generated/prisma/client';
import type { UsersConfig } from './users.config';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Migrations ship next to the code: `prisma/` sits beside both `src/` (tests) and `dist/` (runtime). */
export const USERS_MIGRATIONS_DIR = join(__dirname, '..', 'prisma', 'migrations');

@Module({})
export class UsersModule {
  static register(config: UsersConfig): DynamicModule {
    return {
      module: UsersModule,
      imports: [
        DatabaseModule.forService({
          clientClass: PrismaClient,
          databaseUrl: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          poolMax: config.DATABASE_POOL_MAX,
          migrationsDir: USERS_MIGRATIONS_DIR,
          migrateOnStart: config.DATABASE_MIGRATE_ON_START,
        }),
      ],
      controllers: [UsersController],
      providers: [UsersService],
    };
  }
}
