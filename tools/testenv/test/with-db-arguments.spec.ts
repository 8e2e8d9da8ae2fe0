import { parseWithDbArguments } from '../src/with-db-arguments';

describe('parseWithDbArguments', () => {
  it('splits the options from the command after --', () => {
    expect(parseWithDbArguments(['--real-postgres', '--', 'nx', 'run-many', '-t', 'test'])).toEqual({
      realPostgres: true,
      command: 'nx',
      commandArgs: ['run-many', '-t', 'test'],
    });
    expect(parseWithDbArguments(['--', 'node', '-e', '1', '--real-postgres'])).toEqual({
      realPostgres: false,
      command: 'node',
      commandArgs: ['-e', '1', '--real-postgres'],
    });
  });

  it('rejects unknown options and a missing command, showing the usage', () => {
    expect(() => parseWithDbArguments(['--real-pg', '--', 'true'])).toThrow(/Unknown option "--real-pg"\. Usage:/);
    expect(() => parseWithDbArguments(['--real-postgres'])).toThrow(/No command given\. Usage:/);
    expect(() => parseWithDbArguments(['--'])).toThrow(/No command given/);
  });
});
