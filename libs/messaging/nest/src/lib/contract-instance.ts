import { plainToInstance } from 'class-transformer';
// class-transformer's decorator registry: not in its public index, and its path has no typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: unknown };

type Contract = new () => object;

/** The registry's maps (class → property → rule); a library that renamed them gets the copy every time. */
const TRANSFORMER_MAPS = ['_typeMetadatas', '_transformMetadatas', '_exposeMetadatas', '_excludeMetadatas'] as const;

const adoptable = new WeakMap<Contract, boolean>();

/**
 * Whether `plainToInstance(cls, plain)` would only copy `plain`'s own keys (all but `__proto__` and
 * `constructor`) onto `new cls()`: no class-transformer decorator (`@Type`, `@Transform`,
 * `@Expose`, `@Exclude`) on the class or an ancestor, a constructor that sets no property (no field
 * defaults), and no accessor or method on its prototypes that an assignment could run.
 */
function copiesOnly(cls: Contract): boolean {
  const maps = TRANSFORMER_MAPS.map((m) => (defaultMetadataStorage as Record<string, unknown> | undefined)?.[m]);
  if (!maps.every((m) => m instanceof Map)) return false;
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if ((maps as Array<Map<unknown, unknown>>).some((m) => m.has(c))) return false;
    const proto = (c as Contract).prototype as object | undefined;
    if (proto && Object.getOwnPropertyNames(proto).some((p) => p !== 'constructor')) return false;
  }
  try {
    return Reflect.ownKeys(new cls()).length === 0;
  } catch {
    return false;
  }
}

/**
 * A parsed JSON payload as an instance of its contract class, for class-validator. For a flat
 * contract (see `copiesOnly`: the transmission record, most events) the parsed object itself
 * becomes the instance — its prototype set to the class's — instead of class-transformer's
 * key-by-key copy, which cost about as much CPU as the validation itself (a 2 KB transmission
 * record: 10–20 µs; tools/bench/audit/README.md). Validation sees the same values either way. A
 * payload with an own `constructor` or `__proto__` key, which class-transformer leaves out, gets
 * the copy.
 */
export function contractInstance(cls: Contract, plain: object): object {
  let fast = adoptable.get(cls);
  if (fast === undefined) adoptable.set(cls, (fast = copiesOnly(cls)));
  if (!fast || Object.prototype.hasOwnProperty.call(plain, 'constructor') || Object.prototype.hasOwnProperty.call(plain, '__proto__')) {
    return plainToInstance(cls, plain);
  }
  return Object.setPrototypeOf(plain, cls.prototype) as object;
}
