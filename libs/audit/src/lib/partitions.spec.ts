import { covering, expiredPartitions, parsePartitionBound, partitionFor, PartitionRange, retentionCutoff } from './partitions';

const day = (name: string, from: string, to: string): PartitionRange => ({ name, from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z` });

describe('partitions', () => {
  it('aligns a new partition to its width (UTC, from the Unix epoch)', () => {
    expect(partitionFor('2026-11-24T23:59:59.999Z', [], 1)).toEqual(day('transmissions_p20261124', '2026-11-24', '2026-11-25'));
    // 2026-11-19 is a multiple of 7 days after 1970-01-01
    expect(partitionFor('2026-11-24T12:00:00Z', [], 7)).toEqual(day('transmissions_p20261119', '2026-11-19', '2026-11-26'));
  });

  it('fills only the gap between existing partitions, so it never overlaps one', () => {
    const existing = [day('transmissions_p20261120', '2026-11-20', '2026-11-21'), day('transmissions_p20261124', '2026-11-24', '2026-11-25')];
    expect(partitionFor('2026-11-22T08:00:00Z', existing, 7)).toEqual(day('transmissions_p20261121', '2026-11-21', '2026-11-24'));
    expect(partitionFor('2026-11-25T08:00:00Z', existing, 7)).toEqual(day('transmissions_p20261125', '2026-11-25', '2026-11-26'));
    expect(() => partitionFor('2026-11-24T08:00:00Z', existing, 7)).toThrow(RangeError);
    expect(covering(existing, '2026-11-24T23:00:00Z')?.name).toBe('transmissions_p20261124');
    expect(covering(existing, '2026-11-25T00:00:00Z')).toBeUndefined();
  });

  it('drops only partitions entirely older than the retention', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(retentionCutoff(now, 30).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    const existing = [
      day('transmissions_p20261011', '2026-10-11', '2026-10-18'),
      day('transmissions_p20261018', '2026-10-18', '2026-10-25'),
      day('transmissions_p20261025', '2026-10-25', '2026-11-01'),
    ];
    expect(expiredPartitions(existing, now, 30)).toEqual(['transmissions_p20261011', 'transmissions_p20261018']);
  });

  it("reads PostgreSQL's partition bounds in any session time zone", () => {
    expect(parsePartitionBound('p', "FOR VALUES FROM ('2026-11-24 00:00:00+00') TO ('2026-11-25 00:00:00+00')")).toEqual(day('p', '2026-11-24', '2026-11-25'));
    expect(parsePartitionBound('p', "FOR VALUES FROM ('2026-11-24 01:00:00+01') TO ('2026-11-25 05:30:00+05:30')")).toEqual(day('p', '2026-11-24', '2026-11-25'));
    expect(parsePartitionBound('p', 'DEFAULT')).toBeUndefined();
  });
});
