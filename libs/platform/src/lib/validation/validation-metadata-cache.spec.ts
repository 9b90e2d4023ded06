import { IsInt, IsString, Min, MinLength, ValidateNested, registerDecorator, validateSync } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { installValidationMetadataCache } from './validation-metadata-cache';

installValidationMetadataCache(); // idempotent: the module already installed it on import

const problems = (cls: new () => object, plain: object, options: Parameters<typeof validateSync>[1] = {}) =>
  validateSync(plainToInstance(cls, plain), { forbidUnknownValues: true, ...options }).flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${e.property}:${c}`),
    ...(e.children ?? []).flatMap((child) => Object.keys(child.constraints ?? {}).map((c) => `${e.property}.${child.property}:${c}`)),
  ]);

class Amount {
  @IsInt() minor: number;
}

class Base {
  @IsString() id: string;
}

class Line extends Base {
  @ValidateNested() @Type(() => Amount) total: Amount;
}

describe('validation metadata cache', () => {
  it('gives the same answers on repeated validation, own, inherited and nested rules included', () => {
    for (let i = 0; i < 3; i++) {
      expect(problems(Line, { id: 'a', total: { minor: 1 } })).toEqual([]);
      expect(problems(Line, { id: 7, total: { minor: 'x' } })).toEqual(['total.minor:isInt', 'id:isString']);
    }
  });

  it('keeps option sets apart: groups, always and strict groups each get their own rules', () => {
    class Grouped {
      @IsInt({ groups: ['strict'] }) @Min(0) n: number;
    }
    // Expected answers are class-validator 0.15.1's own (checked without the cache); asked in an order that would mix them up.
    for (let i = 0; i < 2; i++) {
      expect(problems(Grouped, { n: 'x' })).toEqual(['n:min', 'n:isInt']);
      expect(problems(Grouped, { n: -1 }, { groups: ['strict'] })).toEqual([]);
      expect(problems(Grouped, { n: 'x' }, { groups: ['strict'] })).toEqual(['n:isInt']);
      expect(problems(Grouped, { n: 'x' }, { strictGroups: true })).toEqual(['n:min']);
      expect(problems(Grouped, { n: -1 })).toEqual(['n:min']);
      expect(problems(Grouped, { n: 'x' }, { always: true, groups: ['other'] })).toEqual(['n:min']);
    }
  });

  it('sees rules registered after a class was first validated (a class loaded later extending it, a decorator added at run time)', () => {
    expect(problems(Base, { id: 'ok' })).toEqual([]);
    class Later extends Base {
      @MinLength(3) code: string;
    }
    expect(problems(Later, { id: 'ok', code: 'ab' })).toEqual(['code:minLength']);

    registerDecorator({ name: 'notForbidden', target: Base, propertyName: 'id', validator: { validate: (v: unknown) => v !== 'forbidden' } });
    expect(problems(Base, { id: 'forbidden' })).toEqual(['id:notForbidden']);
    expect(problems(Line, { id: 'forbidden', total: { minor: 1 } })).toEqual(['id:notForbidden']);
  });
});
