import 'reflect-metadata';
import { getMetadataStorage, validateSync, ValidationTypes } from 'class-validator';
import { CONTRACTS, OrderLineDto, RoutingKeys, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { contractCheck } from './contract-check';
import { contractInstance } from './contract-instance';

type Contract = new () => object;

/** Values of every JSON type, edge cases of the common constraints among them. */
const POOL: unknown[] = [
  undefined, null, '', ' ', 'x', 'M1', 'M-1_a', 'a'.repeat(300), '<script>alert(1)</script>', "o'; DROP TABLE t;--",
  '7d6f3c1e-58b4-4f3a-9b1e-2a4c6d8e0f12', 'not-a-uuid', '2026-11-24T10:00:00.000Z', '2026-11-24', '2026-13-45T99:00:00Z',
  'buyer@example.com', 'https://example.com/x', '4111111111111111', '12.50', '-3', 'USD', 'usd',
  0, 1, -1, 1.5, 200, 599, 1e21, Number.NaN, true, false, {}, [], ['x'], [1, 2], { a: 1 },
];

const valid = (cls: Contract, plain: object) => validateSync(contractInstance(cls, { ...plain }), { forbidUnknownValues: true }).length === 0;
const quick = (cls: Contract, plain: object) => (contractCheck(cls) as (o: object) => boolean)(contractInstance(cls, { ...plain }));

// class-transformer's decorator registry (as contract-instance.ts reads it): which class a nested property's objects are made of.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: Contract, property: string): { typeFunction(): Contract } | undefined };
};

const metadatasOf = (cls: Contract) => getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined);

/** The class of a `@ValidateNested` property's objects (its `@Type`), if it is one. */
function nestedClassOf(cls: Contract, property: string): Contract | undefined {
  if (!metadatasOf(cls).some((m) => m.propertyName === property && m.type === ValidationTypes.NESTED_VALIDATION)) return undefined;
  return defaultMetadataStorage.findTypeMetadata(cls, property)?.typeFunction();
}

/** How many payloads of a nested class each nested property's pool takes (its valid base first). */
const NESTED_VARIANTS = 60;

/**
 * Per property: the pool, plus the values its `@IsIn` allows; a nested property also gets payloads
 * of its class (a valid one, and that one with each property set to each of its own pool values),
 * alone and in arrays, so that the cases reach into lines, amounts and contacts.
 */
function poolsOf(cls: Contract, depth = 0): Record<string, unknown[]> {
  const byProperty = getMetadataStorage().groupByPropertyName(metadatasOf(cls));
  return Object.fromEntries(
    Object.entries(byProperty).map(([property, ms]) => {
      const pool = [...POOL, ...ms.filter((m) => m.name === 'isIn').flatMap((m) => m.constraints[0] as unknown[])];
      const inner = depth < 3 ? nestedClassOf(cls, property) : undefined;
      const variants = inner ? nestedVariants(inner, depth + 1) : [];
      if (variants.length) pool.push(...variants, ...variants.slice(0, 20).map((v) => [v]), [variants[0], variants[0]], [variants[0], 'x'], [variants[0], undefined]);
      return [property, pool];
    }),
  );
}

function nestedVariants(cls: Contract, depth: number): object[] {
  const pools = poolsOf(cls, depth);
  const base = validBase(cls, pools);
  if (!base) return [];
  const all: object[] = [base, ...Object.entries(pools).flatMap(([property, values]) => values.map((v) => ({ ...base, [property]: v })))];
  if (all.length <= NESTED_VARIANTS) return all;
  const step = all.length / NESTED_VARIANTS;
  return Array.from({ length: NESTED_VARIANTS }, (_, i) => all[Math.floor(i * step)]);
}

/** A payload class-validator accepts, built a property at a time from the pools (undefined if none found). */
function validBase(cls: Contract, pools: Record<string, unknown[]>): Record<string, unknown> | undefined {
  const base: Record<string, unknown> = {};
  for (const [property, values] of Object.entries(pools)) {
    const ok = values.find((v) => !validateSync(contractInstance(cls, { ...base, [property]: v }), { forbidUnknownValues: true }).some((e) => e.property === property));
    base[property] = ok;
  }
  return valid(cls, base) ? base : undefined;
}

/** A deterministic generator, so a failure names a payload that reproduces. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

describe('contractCheck: the transport\'s fast answer to "would validateSync accept this payload?"', () => {
  const checked = Object.entries(CONTRACTS).filter(([, cls]) => contractCheck(cls) !== undefined);

  /** A transmission record as a service sends it. */
  const record = {
    merchantId: 'M1', id: '7d6f3c1e-58b4-4f3a-9b1e-2a4c6d8e0f12', integration: 'ontraport', direction: 'outbound', type: 'sale', status: 'succeeded',
    description: 'Sale of order A-1', orderId: 'A-1', durationMs: 12, attempt: 1, occurredAt: '2026-11-24T10:00:00.000Z',
  };

  it('compiles the transmission record (audit-log\'s every message) and every contract, nested ones (orders, commands) included', () => {
    // The compiled check itself answers for the record (not the fallback), both ways.
    expect(valid(TransmissionRecordedV1, record)).toBe(true);
    expect(quick(TransmissionRecordedV1, record)).toBe(true);
    expect(quick(TransmissionRecordedV1, { ...record, direction: 'sideways' })).toBe(false);
    expect(quick(TransmissionRecordedV1, { ...record, id: 'not-a-uuid' })).toBe(false);
    expect(contractCheck(CONTRACTS[RoutingKeys.audit.transmissionBatchRecorded])).toBeDefined(); // its records are checked one by one
    const nested = Object.values(CONTRACTS).filter((cls) => metadatasOf(cls).some((m) => m.type === ValidationTypes.NESTED_VALIDATION));
    expect(nested.length).toBeGreaterThanOrEqual(10); // orders, refunds, commands: lines, amounts, contacts
    expect(checked.length).toBe(Object.keys(CONTRACTS).length);
  });

  it('answers for an order event as validateSync does, down to a line\'s amount', () => {
    const cls = CONTRACTS[RoutingKeys.cart.orderPlaced];
    const base = validBase(cls, poolsOf(cls)) as { order: Record<string, unknown> } | undefined;
    const line = validBase(OrderLineDto, poolsOf(OrderLineDto));
    if (!base || !line) throw new Error('no valid order event or line built from the pools');
    const withLines = (lines: unknown[]) => ({ ...base, order: { ...base.order, lines } });
    for (const good of [withLines([line]), withLines([line, line])]) expect([quick(cls, good), valid(cls, good)]).toEqual([true, true]);
    const money = { minor: 1, currency: 'USD' };
    for (const bad of [{ ...line, quantity: 'x' }, { ...line, total: { ...money, minor: 1.5 } }, { ...line, total: { ...money, currency: 'usd' } }, { ...line, total: [money] }, 'x', null]) {
      const payload = withLines([line, bad]);
      expect([quick(cls, payload), valid(cls, payload)]).toEqual([false, false]);
    }
  });

  it.each(checked.map(([key]) => key))('%s: answers exactly as validateSync on a valid payload, each property set to every pool value, and random mixes', (key) => {
    const cls = CONTRACTS[key];
    const pools = poolsOf(cls);
    const base = validBase(cls, pools);
    const cases: Array<Record<string, unknown>> = [];
    if (base) {
      cases.push(base);
      for (const [property, values] of Object.entries(pools)) for (const v of values) cases.push({ ...base, [property]: v });
    }
    const next = random(key.length * 7_919);
    for (let i = 0; i < 300; i++) {
      cases.push(Object.fromEntries(Object.entries(pools).map(([p, values]) => [p, base && next() < 0.8 ? base[p] : values[Math.floor(next() * values.length)]])));
    }
    const disagreements = cases.filter((c) => quick(cls, c) !== valid(cls, c));
    expect(disagreements).toEqual([]);
    // Both answers happen, or the comparison proves little: the pools hold a valid value for every
    // property of every checked contract but those whose constraints they cannot meet.
    if (base) expect(cases.filter((c) => valid(cls, c)).length).toBeGreaterThan(Object.keys(pools).length);
    expect(cases.filter((c) => !valid(cls, c)).length).toBeGreaterThan(0);
  });

  it('a valid base is found for the transmission record and for most checked contracts', () => {
    const withBase = checked.filter(([, cls]) => validBase(cls, poolsOf(cls)) !== undefined);
    // The record's base is one both answers accept, so its cases start from an accepted payload.
    const base = validBase(TransmissionRecordedV1, poolsOf(TransmissionRecordedV1));
    expect(base && valid(TransmissionRecordedV1, base) && quick(TransmissionRecordedV1, base)).toBe(true);
    expect(withBase.length / checked.length).toBeGreaterThan(0.5);
  });
});
