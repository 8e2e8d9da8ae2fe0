import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  CreateUserSchema,
  ListUsersQuerySchema,
  UpdateUserSchema,
  UserIdSchema,
  type CreateUser,
  type ListUsersQuery,
  type UpdateUser,
  type User,
  type UserPage,
} from '@courier/contracts';
import { ShadowRequest, ZodValidationPipe } from '@courier/service-kit';
import type { FastifyReply } from 'fastify';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Post()
  async create(
    @Body(new ZodValidationPipe(CreateUserSchema)) body: CreateUser,
    @ShadowRequest() shadow: boolean,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<User> {
    const user = await this.users.create(body, shadow);
    void reply.status(201).header('location', `/users/${user.id}`);
    return user;
  }

  @Get()
  list(@Query(new ZodValidationPipe(ListUsersQuerySchema)) query: ListUsersQuery): Promise<UserPage> {
    return this.users.list(query);
  }

  @Get(':id')
  get(@Param('id', new ZodValidationPipe(UserIdSchema)) id: string): Promise<User> {
    return this.users.get(id);
  }

  @Patch(':id')
  update(
    @Param('id', new ZodValidationPipe(UserIdSchema)) id: string,
    @Body(new ZodValidationPipe(UpdateUserSchema)) body: UpdateUser,
    @ShadowRequest() shadow: boolean,
  ): Promise<User> {
    return this.users.update(id, body, shadow);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', new ZodValidationPipe(UserIdSchema)) id: string, @ShadowRequest() shadow: boolean): Promise<void> {
    return this.users.remove(id, shadow);
  }
}
