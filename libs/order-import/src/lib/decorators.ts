import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { parseUsDate, parseUsTimestamp, toBoolean, toNumber } from './values';

type Decorator = PropertyDecorator;

function all(...decorators: Decorator[]): Decorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** An optional legacy boolean (true/false, Y/N, 1/0). */
export function OptionalBoolean(): Decorator {
  return all(Transform(({ value }) => toBoolean(value)), IsOptional(), IsBoolean({ message: 'must be true or false (Y/N, 1/0)' }));
}

/** An optional number, from a JSON number or numeric form text. */
export function OptionalNumber(options: { min?: number } = {}): Decorator {
  return all(
    Transform(({ value }) => toNumber(value)),
    IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }),
    satisfies((v) => options.min === undefined || (typeof v === 'number' && v >= options.min), `must be at least ${options.min}`),
  );
}

/** A required text value. */
export function RequiredText(maxLength = 200): Decorator {
  return all(IsString({ message: 'is required' }), IsNotEmpty({ message: 'is required' }), MaxLength(maxLength, { message: `must be at most ${maxLength} characters` }));
}

/** Optional text, bounded. */
export function OptionalText(maxLength = 200): Decorator {
  return all(IsOptional(), IsString({ message: 'must be text' }), MaxLength(maxLength, { message: `must be at most ${maxLength} characters` }));
}

/** Text required when `when(order)` holds; checked for form whenever present. */
export function RequiredWhen<T>(when: (o: T) => boolean, why: string, maxLength = 200): Decorator {
  return all(
    ValidateIf((o: T, v: unknown) => when(o) || (v !== undefined && v !== null && v !== '')),
    IsString({ message: `is required ${why}` }),
    IsNotEmpty({ message: `is required ${why}` }),
    MaxLength(maxLength, { message: `must be at most ${maxLength} characters` }),
  );
}

/** `MM/DD/YYYY`, a real day. */
export function UsDate(): Decorator {
  return satisfies((v) => v === undefined || v === null || v === '' || (typeof v === 'string' && parseUsDate(v) !== undefined), 'must be a date MM/DD/YYYY');
}

/** `MM/DD/YYYY HH:MM:SS`. */
export function UsTimestamp(): Decorator {
  return satisfies((v) => v === undefined || v === null || v === '' || (typeof v === 'string' && parseUsTimestamp(v) !== undefined), 'must be a timestamp MM/DD/YYYY HH:MM:SS');
}

let ruleCount = 0;

/** A one-off rule with its own message (the value and the whole object are given). */
export function satisfies(test: (value: unknown, object: object) => boolean, message: string, options: ValidationOptions = {}): Decorator {
  return (target, key) =>
    registerDecorator({
      name: `rule_${String(key)}_${++ruleCount}`,
      target: target.constructor,
      propertyName: String(key),
      options: { message, ...options },
      validator: { validate: (value: unknown, args: ValidationArguments) => test(value, args.object) },
    });
}
