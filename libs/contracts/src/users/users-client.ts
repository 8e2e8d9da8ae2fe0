import { ProblemError } from '../problem/problem-error';
import { ServiceHttpClient, type ServiceHttpClientOptions } from '../http/service-http-client';
import { UserPageSchema, UserSchema, type CreateUser, type ListUsersQuery, type UpdateUser, type User, type UserPage } from './user.schemas';

/** Typed client for the users service; web and delivery both call users through it. */
export class UsersClient {
  private readonly http: ServiceHttpClient;

  constructor(options: Omit<ServiceHttpClientOptions, 'service'>) {
    this.http = new ServiceHttpClient({ service: 'users', ...options });
  }

  async create(input: CreateUser): Promise<User> {
    return (await this.http.request({ method: 'POST', path: '/users', body: input, schema: UserSchema })).body;
  }

  /** Resolves to null when the user does not exist, so callers can decide what a missing user means to them. */
  async findById(id: string): Promise<User | null> {
    try {
      return (await this.http.request({ method: 'GET', path: `/users/${encodeURIComponent(id)}`, schema: UserSchema })).body;
    } catch (error) {
      if (error instanceof ProblemError && error.status === 404) return null;
      throw error;
    }
  }

  async get(id: string): Promise<User> {
    return (await this.http.request({ method: 'GET', path: `/users/${encodeURIComponent(id)}`, schema: UserSchema })).body;
  }

  async list(query: Partial<ListUsersQuery> = {}): Promise<UserPage> {
    return (await this.http.request({ method: 'GET', path: '/users', query, schema: UserPageSchema })).body;
  }

  async update(id: string, input: UpdateUser): Promise<User> {
    return (await this.http.request({ method: 'PATCH', path: `/users/${encodeURIComponent(id)}`, body: input, schema: UserSchema })).body;
  }

  async remove(id: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `/users/${encodeURIComponent(id)}` });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
