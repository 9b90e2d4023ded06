import { expiredPartitions, partitionForDay, partitionsBetween, retentionCutoff } from './partitions';

describe('day partitions', () => {
  it('names a UTC day and bounds it', () => {
    expect(partitionForDay('2026-11-24T23:59:59.999Z')).toEqual({
      name: 'transmissions_p20261124',
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-11-25T00:00:00.000Z',
    });
    expect(partitionForDay('2026-11-25T00:00:00Z').name).toBe('transmissions_p20261125');
  });

  it('covers a range day by day', () => {
    expect(partitionsBetween(new Date('2026-02-27T10:00:00Z'), new Date('2026-03-01T01:00:00Z')).map((p) => p.name)).toEqual([
      'transmissions_p20260227',
      'transmissions_p20260228',
      'transmissions_p20260301',
    ]);
  });

  it('drops whole days older than the retention, keeps the rest and anything it does not recognise', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(retentionCutoff(now, 30).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    const existing = ['transmissions_p20261023', 'transmissions_p20261024', 'transmissions_p20261025', 'transmissions_p20261124', 'transmissions_legacy'];
    expect(expiredPartitions(existing, now, 30)).toEqual(['transmissions_p20261023', 'transmissions_p20261024']);
  });
});
