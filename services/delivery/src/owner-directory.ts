import { Inject, Injectable } from '@nestjs/common';
import { ProblemError, UsersClient } from '@courier/contracts';

/** Delivery's view of users: does this owner exist? Asked through the mesh with the typed client. */
@Injectable()
export class OwnerDirectory {
  constructor(@Inject(UsersClient) private readonly users: UsersClient) {}

  /** 422 naming the field when the owner is unknown; users being down surfaces as a 503 from the client. */
  async requireOwner(ownerId: string): Promise<void> {
    const owner = await this.users.findById(ownerId);
    if (!owner) {
      throw ProblemError.unprocessable(`owner ${ownerId} does not exist`, [{ field: 'body.ownerId', pointer: '#/ownerId', detail: 'no user with this id' }]);
    }
  }
}
