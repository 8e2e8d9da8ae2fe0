import { REPOSITORY } from '../src/repository';
import { runSuiteOn } from '../src/jest-suite';

/**
 * On a machine without shellcheck the pipeline suite skips its shellcheck test, and runSuiteOn
 * used to count that skip as a failure, so `npm test` failed there (issue 15). A skip is reported
 * apart: requireTool already says it loudly, and in CI makes it a failure of its own.
 */
describe('runSuiteOn', () => {
  it('reports a skipped test as skipped, not failed', () => {
    const result = runSuiteOn(REPOSITORY, 'tests/generators/test/fixtures/skipping-suite/jest.config.js');
    expect({ status: result.status, passed: result.passed, failed: result.failed, skipped: result.skipped }).toEqual({
      status: 0,
      passed: ['fixture passes'],
      failed: [],
      skipped: ['fixture is skipped, as a suite does when a tool is missing'],
    });
  }, 60_000);
});
