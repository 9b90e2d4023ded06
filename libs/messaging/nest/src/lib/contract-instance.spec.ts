import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsInt, IsString, ValidateNested, validateSync } from 'class-validator';
import { TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { toFieldErrors } from '@hub/platform';
import { contractInstance } from './contract-instance';

const record = () => ({
  id: '0b5f5a7e-7d43-4d52-9b0e-3a4d2f1c9e10',
  merchantId: 'M1',
  integration: 'ontraport',
  direction: 'outbound',
  type: 'sale',
  status: 'succeeded',
  description: 'Logged order 1',
  requestBody: '{"a":1}',
  durationMs: 12,
  attempt: 1,
  occurredAt: '2026-11-24T10:00:00.000Z',
});

const errorsOf = (instance: object) => toFieldErrors(validateSync(instance, { forbidUnknownValues: true }));

class Inner {
  @IsInt()
  n: number;
}
class WithNested {
  @ValidateNested() @Type(() => Inner)
  inner: Inner;
}
class WithTransform {
  @IsString() @Transform(({ value }) => String(value).trim())
  name: string;
}
class WithDefault {
  @IsString()
  kind = 'sale';
}

describe('contractInstance', () => {
  it('makes a flat contract of the parsed object itself, and validation finds the same field errors as on class-transformer’s copy', () => {
    const good = record();
    const instance = contractInstance(TransmissionRecordedV1, good);
    expect(instance).toBe(good);
    expect(instance).toBeInstanceOf(TransmissionRecordedV1);
    expect(errorsOf(instance)).toEqual([]);

    const bad = { ...record(), id: 'not-a-uuid', direction: 'sideways', attempt: 0, merchantId: 'M 1', occurredAt: 'yesterday', extra: { x: 1 } };
    const expected = errorsOf(plainToInstance(TransmissionRecordedV1, { ...bad }));
    expect(expected.map((e) => e.field).sort()).toEqual(['attempt', 'direction', 'id', 'merchantId', 'occurredAt']);
    expect(errorsOf(contractInstance(TransmissionRecordedV1, bad))).toEqual(expected);
  });

  it('copies, as class-transformer does, a payload with its own constructor or __proto__ key (which the copy leaves out)', () => {
    for (const key of ['constructor', '__proto__']) {
      const plain = JSON.parse(JSON.stringify(record()).replace('{', `{"${key}":"x",`)) as object;
      const instance = contractInstance(TransmissionRecordedV1, plain);
      expect(instance).not.toBe(plain);
      expect(instance).toBeInstanceOf(TransmissionRecordedV1);
      expect(errorsOf(instance)).toEqual([]);
    }
  });

  it('uses class-transformer for a contract with @Type, @Transform or field defaults', () => {
    const nested = contractInstance(WithNested, { inner: { n: 'x' } }) as WithNested;
    expect(nested.inner).toBeInstanceOf(Inner);
    expect(errorsOf(nested).map((e) => e.field)).toEqual(['inner.n']);

    expect((contractInstance(WithTransform, { name: '  Ann ' }) as WithTransform).name).toBe('Ann');
    expect((contractInstance(WithDefault, {}) as WithDefault).kind).toBe('sale');
  });
});
