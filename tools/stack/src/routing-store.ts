import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { initialRouting, type ServiceRouting } from './service-routing';

/**
 * The stack's routing state, kept in `.data/stack/routing.json` so that a restart of `npm start`
 * comes back with the rollout where it was. Written atomically (write, then rename).
 */
export class RoutingStore {
  private state: Record<string, ServiceRouting> = {};

  constructor(private readonly file: string) {}

  async load(versionsByService: Record<string, readonly string[]>): Promise<void> {
    let saved: Record<string, ServiceRouting> = {};
    try {
      saved = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      // First start, or an unreadable file: begin from stable-only routing.
    }
    for (const [service, versions] of Object.entries(versionsByService)) {
      const routing = saved[service];
      const runnable = routing && Object.values(routing.tracks).every((v) => versions.includes(v));
      this.state[service] = runnable ? routing : initialRouting(versions);
    }
    await this.save();
  }

  get(service: string): ServiceRouting {
    const routing = this.state[service];
    if (!routing) throw new Error(`unknown service "${service}" (known: ${Object.keys(this.state).join(', ')})`);
    return routing;
  }

  all(): Record<string, ServiceRouting> {
    return { ...this.state };
  }

  async set(service: string, routing: ServiceRouting): Promise<void> {
    this.get(service);
    this.state[service] = routing;
    await this.save();
  }

  private async save(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const partial = `${this.file}.${process.pid}.tmp`;
    await writeFile(partial, `${JSON.stringify(this.state, null, 2)}\n`);
    await rename(partial, this.file);
  }
}
