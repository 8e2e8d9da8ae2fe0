import { formatLogLine } from '../src/log-line-formatter';

describe('formatLogLine', () => {
  it('turns a JSON log line into a readable one, keeping useful fields', () => {
    const line = JSON.stringify({ level: 'info', time: '2026-11-24T07:00:01.123Z', service: 'users', msg: 'request', method: 'GET', status: 200, request_id: 'x' });
    expect(formatLogLine('users', '', line, false)).toBe('users        07:00:01 info  request method=GET status=200');
  });

  it('pads the label to the width the stack asks for, so a long service name keeps the columns aligned', () => {
    const line = JSON.stringify({ level: 'info', time: '2026-11-24T07:00:01.123Z', msg: 'ready' });
    expect(formatLogLine('fleet-tracker', '', line, false, 14)).toBe('fleet-tracker  07:00:01 info  ready');
    expect(formatLogLine('mesh', '', line, false, 14)).toBe(`mesh${' '.repeat(11)}07:00:01 info  ready`);
  });

  it('passes non-JSON output through unchanged', () => {
    expect(formatLogLine('web', '', 'Error: boom', false)).toBe('web          Error: boom');
  });
});
