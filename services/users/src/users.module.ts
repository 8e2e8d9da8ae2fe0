import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '@courier/db/nest';
import { PrismaClient } from './generated/prisma/client';
import { USERS_MIGRATIONS_DIR } from './migrations-dir';
import type { UsersConfig } from './users.config';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({})
export class UsersModule {
  static register(config: UsersConfig): DynamicModule {
    return {
      module: UsersModule,
      imports: [
        DatabaseModule.forService({ clientClass: PrismaClient, migrationsDir: USERS_MIGRATIONS_DIR, config }),
      ],
      controllers: [UsersController],
      providers: [UsersService],
    };
  }
}
