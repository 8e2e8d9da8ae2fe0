import { Body, Controller, Get, Inject, Module, Param, Post, type OnModuleInit } from '@nestjs/common';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { BaseConfigSchema, createServiceApp, loadConfig, ReadinessRegistry, ShadowRequest, ZodValidationPipe } from '../src';

/** A minimal service used to exercise service-kit through real HTTP. */
const EchoSchema = z.strictObject({ name: z.string().min(1).max(20), count: z.number().int().min(0) });

export const dependency = { healthy: true };

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body(new ZodValidationPipe(EchoSchema)) body: z.infer<typeof EchoSchema>, @ShadowRequest() shadow: boolean) {
    return { ...body, shadow };
  }

  @Get(':id')
  get(@Param('id', new ZodValidationPipe(z.uuid())) id: string) {
    return { id };
  }

  @Get()
  boom(): never {
    throw new Error('kaboom: a bug');
  }
}

@Module({ controllers: [EchoController] })
class EchoModule implements OnModuleInit {
  constructor(@Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry) {}
  onModuleInit() {
    this.readiness.register('sample-dependency', async () => {
      if (!dependency.healthy) throw new Error('sample dependency is down');
    });
  }
}

/** Captures log lines so tests can assert on them without printing. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
}

export async function startSampleService(env: NodeJS.ProcessEnv = {}) {
  const logs = new LogCapture();
  const config = loadConfig('sample', BaseConfigSchema, { APP_VERSION: 'v2', APP_TRACK: 'canary', GIT_SHA: 'abc123', ...env });
  const app = await createServiceApp({ service: 'sample', module: EchoModule, config, logDestination: logs });
  return { app, logs };
}
