import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  CreateUserSchema,
  ListUsersQuerySchema,
  UpdateUserSchema,
  UserIdSchema,
  UsersClient,
  type CreateUser,
  type ListUsersQuery,
  type UpdateUser,
  type User,
  type UserPage,
} from '@courier/contracts';
import { ZodValidationPipe } from '@courier/service-kit';

/** BFF for the users service: validates at the edge, then calls users through the typed client. */
@Controller('api/users')
export class UsersApiController {
  constructor(@Inject(UsersClient) private readonly users: UsersClient) {}

  @Post()
  create(@Body(new ZodValidationPipe(CreateUserSchema)) body: CreateUser): Promise<User> {
    return this.users.create(body);
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
  update(@Param('id', new ZodValidationPipe(UserIdSchema)) id: string, @Body(new ZodValidationPipe(UpdateUserSchema)) body: UpdateUser): Promise<User> {
    return this.users.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', new ZodValidationPipe(UserIdSchema)) id: string): Promise<void> {
    return this.users.remove(id);
  }
}
