import { substituteVariables } from '../src/dashboard-variables';
import { legendOf } from '../src/panel-data';

describe('rendering a dashboard like Grafana', () => {
  const dashboard = {
    templating: {
      list: [
        { name: 'datasource', type: 'datasource' },
        { name: 'service', type: 'custom', multi: false, options: [{ value: 'users' }, { value: 'delivery' }] },
        { name: 'services', type: 'custom', multi: true, options: [{ value: 'users' }, { value: 'web' }] },
      ],
    },
  };

  it('substitutes a picked value, a single-value default, and a multi-value alternation', () => {
    expect(substituteVariables(dashboard, 'a{s="$service"}', { service: 'delivery' })).toBe('a{s="delivery"}');
    expect(substituteVariables(dashboard, 'a{s="$service"}')).toBe('a{s="users"}');
    expect(substituteVariables(dashboard, 'a{s=~"$services"}')).toBe('a{s=~"(users|web)"}');
    expect(substituteVariables(dashboard, 'a{s="${service}"}')).toBe('a{s="users"}');
  });

  it("fills Grafana's {{label}} legends from a series' labels", () => {
    expect(legendOf('{{destination_version}} p99', { destination_version: 'v2' })).toBe('v2 p99');
    expect(legendOf('{{missing}}x', {})).toBe('x');
  });
});
