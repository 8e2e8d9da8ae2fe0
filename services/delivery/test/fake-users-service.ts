import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the users service over real HTTP, so delivery's own tests control who exists and
 * can make users slow. The real users↔delivery path is covered by tests/e2e.
 */
export class FakeUsersService {
  readonly knownIds = new Set<string>();
  delayMs = 0;
  private server?: Server;

  addUser(): string {
    const id = randomUUID();
    this.knownIds.add(id);
    return id;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const id = /^\/users\/([^/?]+)/.exec(req.url ?? '')?.[1];
      setTimeout(() => {
        if (id && this.knownIds.has(id)) {
          res.writeHead(200, { 'content-type': 'application/json' });
          const now = new Date().toISOString();
          res.end(JSON.stringify({ id, email: `${id}@example.com`, name: 'Owner', createdAt: now, updatedAt: now }));
        } else {
          res.writeHead(404, { 'content-type': 'application/problem+json' });
          res.end(JSON.stringify({ title: 'Not Found', status: 404, detail: `user ${id} does not exist` }));
        }
      }, this.delayMs);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
