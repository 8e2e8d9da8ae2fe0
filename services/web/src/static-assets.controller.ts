import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { ProblemError } from '@courier/contracts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { HOME_SCRIPT } from './pages/home-script';

export const ASSETS_DIR = Symbol('ASSETS_DIR');

/**
 * Where the build puts the browser bundle: dist/public. Resolved from the package folder, so it is
 * the same directory whether this file runs from dist/ (the service, the image) or src/ (tests).
 */
export const DEFAULT_ASSETS_DIR = path.resolve(__dirname, '..', 'dist', 'public');

/** Only the files the build emits are served: no path from the URL ever reaches the filesystem. */
const ASSETS: Record<string, string> = {
  'control-room.js': 'text/javascript; charset=utf-8',
  'control-room.css': 'text/css; charset=utf-8',
};

/** Assets that are source, not build output: the customer page's script (no inline script under the CSP). */
const EMBEDDED: Record<string, { type: string; content: string }> = {
  'home.js': { type: 'text/javascript; charset=utf-8', content: HOME_SCRIPT },
};

/** Own keys only: `constructor` or `__proto__` must not pass the allow-list through the prototype. */
const listed = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

@Controller('assets')
export class StaticAssetsController {
  constructor(@Inject(ASSETS_DIR) private readonly dir: string) {}

  @Get(':file')
  @Header('cache-control', 'no-cache')
  async asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const embedded = listed(EMBEDDED, file);
    if (embedded) {
      void reply.header('content-type', embedded.type);
      return Buffer.from(embedded.content);
    }
    const type = listed(ASSETS, file);
    if (!type) throw ProblemError.notFound(`param.file: no asset "${file}" (assets: ${[...Object.keys(ASSETS), ...Object.keys(EMBEDDED)].join(', ')})`);
    let content: Buffer;
    try {
      content = await readFile(path.join(this.dir, file));
    } catch {
      throw ProblemError.notFound(`${file} has not been built: run npx nx build web`);
    }
    void reply.header('content-type', type);
    return content;
  }
}
