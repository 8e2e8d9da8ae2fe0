import { exposedSampleNames, metricNamesOf } from './support/promql-metric-names';

describe('metricNamesOf', () => {
  it('finds selected metrics, not functions, keywords, labels, strings or durations', () => {
    expect(
      metricNamesOf('histogram_quantile(0.99, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{reporter!="source", x=~"a(\\\\..*)?"}[1m])))'),
    ).toEqual(['istio_request_duration_milliseconds_bucket']);
    expect(metricNamesOf('100 * sum by (v) (rate(a_total[1m])) / ignoring(v) group_left sum(rate(b_total{c="d or e"}[5m])) or vector(0)')).toEqual(['a_total', 'b_total']);
    expect(metricNamesOf('max(courier_mesh_routing_version) > 1e3 and on (job) up offset 5m')).toEqual(['courier_mesh_routing_version', 'up']);
  });
});

describe('exposedSampleNames', () => {
  it('lists the names that have samples, including histogram series', () => {
    const text = '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 2\nh_count 1\n# TYPE g gauge\n';
    expect([...exposedSampleNames(text)].sort()).toEqual(['h_bucket', 'h_count', 'h_sum']);
  });
});
