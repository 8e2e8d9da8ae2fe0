import { versionRole } from '../src/control-room/control-room-snapshot';

describe('versionRole', () => {
  const releaseOrder = ['v1', 'v2', 'v3'];

  it('calls the stable version stable, and a later release new', () => {
    expect(releaseOrder.map((v) => versionRole(v, 'v1', releaseOrder))).toEqual(['stable', 'new', 'new']);
  });

  it('calls the old stable "previous" once a later version has been promoted', () => {
    expect(releaseOrder.map((v) => versionRole(v, 'v2', releaseOrder))).toEqual(['previous', 'stable', 'new']);
  });
});
