import { Inject, Injectable } from '@nestjs/common';
import { ProblemError, type CreateUser, type ListUsersQuery, type UpdateUser, type User, type UserPage } from '@courier/contracts';
import { withShadowRollback } from '@courier/db';
import { PRISMA_CLIENT } from '@courier/db/nest';
import { Prisma, type PrismaClient } from './generated/prisma/client';
import { toUserDto } from './user.dto';

@Injectable()
export class UsersService {
  constructor(@Inject(PRISMA_CLIENT) private readonly prisma: PrismaClient) {}

  async create(input: CreateUser, shadow: boolean): Promise<User> {
    const write = (db: Prisma.TransactionClient) => db.user.create({ data: input });
    const row = await this.guardUnique(input.email, () => (shadow ? withShadowRollback(this.prisma, write) : write(this.prisma)));
    return toUserDto(row);
  }

  async get(id: string): Promise<User> {
    const row = await this.prisma.user.findUnique({ where: { id } });
    if (!row) throw ProblemError.notFound(`user ${id} does not exist`);
    return toUserDto(row);
  }

  /** Keyset pagination by id: stable under concurrent inserts, unlike offsets. */
  async list(query: ListUsersQuery): Promise<UserPage> {
    const rows = await this.prisma.user.findMany({
      where: { email: query.email, id: query.cursor ? { gt: query.cursor } : undefined },
      orderBy: { id: 'asc' },
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return { items: page.map(toUserDto), nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
  }

  async update(id: string, input: UpdateUser, shadow: boolean): Promise<User> {
    const write = (db: Prisma.TransactionClient) => db.user.update({ where: { id }, data: input });
    const row = await this.guardMissing(id, () => this.guardUnique(input.email, () => (shadow ? withShadowRollback(this.prisma, write) : write(this.prisma))));
    return toUserDto(row);
  }

  async remove(id: string, shadow: boolean): Promise<void> {
    const write = (db: Prisma.TransactionClient) => db.user.delete({ where: { id } });
    await this.guardMissing(id, () => (shadow ? withShadowRollback(this.prisma, write) : write(this.prisma)));
  }

  private async guardUnique<T>(email: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw ProblemError.conflict(`a user with email ${email} already exists`);
      }
      throw error;
    }
  }

  private async guardMissing<T>(id: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') {
        throw ProblemError.notFound(`user ${id} does not exist`);
      }
      throw error;
    }
  }
}
