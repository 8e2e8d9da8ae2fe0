import { buildProgress } from '../src/service-build';

describe('the first start\'s build progress', () => {
  it('names each project as Nx starts building it, and says when the cache served it', () => {
    // Lines as Nx 23 prints them with --output-style=static.
    expect(buildProgress('> nx run contracts:build', 1234)).toBe('  contracts · 1.2 s');
    expect(buildProgress('> nx run users:build  [local cache]', 5000)).toBe('  users (cached) · 5.0 s');
    expect(buildProgress('> nx run service-kit:build  [existing outputs match the cache, left as is]', 800)).toBe('  service-kit (cached) · 0.8 s');
  });

  it('stays quiet on everything else Nx prints', () => {
    expect(buildProgress('> nx run users:prisma-generate  [local cache]', 0)).toBeUndefined();
    expect(buildProgress('> tsc -b services/users/tsconfig.build.json', 0)).toBeUndefined();
    expect(buildProgress(' NX   Successfully ran target build for 3 projects', 0)).toBeUndefined();
  });
});
