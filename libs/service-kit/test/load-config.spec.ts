import { z } from 'zod';
import { BaseConfigSchema, ConfigError, databaseConfigSchema, loadConfig } from '../src';

describe('loadConfig', () => {
  it('applies defaults and parses numbers', () => {
    const config = loadConfig('svc', BaseConfigSchema, { PORT: '4000' });
    expect(config).toMatchObject({ PORT: 4000, APP_VERSION: 'v1', APP_TRACK: 'stable', FAULT_ERROR_RATE: 0 });
  });

  it('names every bad variable with what is wrong and how to fix it', () => {
    const attempt = () => loadConfig('svc', BaseConfigSchema, { PORT: '80a', FAULT_ERROR_RATE: '1.5', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const { problems, message } = error as ConfigError;
      expect(problems.map((p) => p.variable).sort()).toEqual(['FAULT_ERROR_RATE', 'LOG_LEVEL', 'PORT']);
      expect(message).toContain('PORT: must be a whole number (got "80a"). Fix: set PORT to a free TCP port');
      expect(message).toContain('FAULT_ERROR_RATE');
    }
  });

  it('reports a missing required variable as not set', () => {
    const schema = BaseConfigSchema.extend(databaseConfigSchema('svc').shape);
    expect(() => loadConfig('svc', schema, {})).toThrow(/DATABASE_URL: .*\(not set\)\. Fix: set DATABASE_URL/);
  });

  it('rejects an invalid regular expression for FAULT_ROUTE', () => {
    expect(() => loadConfig('svc', BaseConfigSchema, { FAULT_ROUTE: '(' })).toThrow(/FAULT_ROUTE: must be a valid regular expression/);
  });

  it('treats empty strings as unset so defaults apply', () => {
    const schema = z.object({ A: z.string().default('x') });
    expect(loadConfig('svc', schema, { A: '' })).toEqual({ A: 'x' });
  });
});
