import { IsInt, IsString } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { ValidationFailedError } from '../errors/hub-error';
import { markValidated } from '../validation/validated-payloads';
import { hubValidationPipe } from './create-http-app';

class Sale {
  @IsString() orderId: string;
  @IsInt() quantity: number;
}

const asPayload = { type: 'body' as const, metatype: Sale };

describe('the hub ValidationPipe', () => {
  const pipe = hubValidationPipe();

  it('passes on, as it is, a payload the message transport validated against its contract: fields of a newer sender included', async () => {
    const payload = markValidated(Object.assign(new Sale(), { orderId: 'A-1', quantity: 2, addedLater: 'x' }));
    await expect(pipe.transform(payload, asPayload)).resolves.toBe(payload);
  });

  it('still refuses what an HTTP caller sends with unknown or wrong fields, an instance not marked validated included', async () => {
    const fails = (value: unknown) => pipe.transform(value, asPayload).then(() => 'accepted', (e: unknown) => (e instanceof ValidationFailedError ? e.message : String(e)));
    expect(await fails({ orderId: 'A-1', quantity: 2, addedLater: 'x' })).toContain('addedLater');
    expect(await fails(plainToInstance(Sale, { orderId: 'A-1', quantity: 2, addedLater: 'x' }))).toContain('addedLater');
    expect(await fails({ orderId: 'A-1', quantity: 'two' })).toContain('quantity');
    await expect(pipe.transform({ orderId: 'A-1', quantity: 2 }, asPayload)).resolves.toBeInstanceOf(Sale);
  });

  it('validates a marked payload given as another class than its own', async () => {
    class Other {
      @IsInt() n: number;
    }
    const payload = markValidated(Object.assign(new Sale(), { orderId: 'A-1', quantity: 2 }));
    await expect(pipe.transform(payload, { type: 'body', metatype: Other })).rejects.toBeInstanceOf(ValidationFailedError);
  });
});
