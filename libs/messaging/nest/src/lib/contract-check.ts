import { getMetadataStorage, ValidationArguments, ValidationTypes, ValidatorConstraintInterface } from 'class-validator';

type Contract = new () => object;

interface Check {
  constraint: ValidatorConstraintInterface;
  constraints: unknown[];
  /** `each: true`: applied to every element of an array value (the value itself otherwise). */
  each: boolean;
}

interface Rule {
  property: string;
  /** `@IsOptional` / `@ValidateIf`: the property's constraints apply only when every one holds. */
  conditions: Array<(object: object, value: unknown) => boolean>;
  checks: Check[];
  /** `@ValidateNested`: the value (or each element) is an instance of a contract of its own, checked the same way. */
  nested: boolean;
}

type CompiledCheck = (instance: object) => boolean;

/** A contract's check, or null once found not to qualify. */
const compiled = new WeakMap<Contract, CompiledCheck | null>();

/**
 * Whether `validateSync(instance, { forbidUnknownValues: true })` would find nothing, asked of the
 * same constraint objects class-validator would run (its own `isUUID`, `isIn`, `matches`, …, with
 * the decorators' arguments), only without its executor's work per call: looking the class's
 * metadata up, grouping it by property and building an error object for every property, errors
 * or not. On a 2 KB transmission record that work was most of validateSync's 8–9 µs
 * (tools/bench/audit/README.md). Nested contracts (`@ValidateNested`, an order's lines and
 * amounts) are checked the way the executor walks them: each nested object by the check of its
 * own class (the one class-transformer made it), each element of an array alike.
 *
 * `undefined` when the contract uses anything beyond synchronous constraints, conditions and
 * nested validation (a constraint's `validateIf`, promise validation, async constraints): the
 * caller runs validateSync. The caller also runs it whenever this answers false, for the field
 * errors: a refusal is always class-validator's own. So this may say false where validateSync
 * would accept (a Set or a Map, a class it cannot compile, a constraint answering a truthy non-`true`),
 * never true where it would refuse.
 */
export function contractCheck(cls: Contract): CompiledCheck | undefined {
  let check = compiled.get(cls);
  if (check === undefined) compiled.set(cls, (check = compile(cls)));
  return check ?? undefined;
}

function compile(cls: Contract): CompiledCheck | null {
  const storage = getMetadataStorage();
  // The arguments validateSync's executor passes with no groups and `always` unset.
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false, undefined);
  // No metadata: validateSync refuses the object (forbidUnknownValues); leave that to it.
  if (!metadatas.length) return null;
  const rules: Rule[] = [];
  for (const [property, ms] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const rule: Rule = { property, conditions: [], checks: [], nested: false };
    for (const m of ms) {
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        rule.conditions.push(m.constraints[0] as Rule['conditions'][number]);
      } else if ((m.type === ValidationTypes.CUSTOM_VALIDATION || m.type === ValidationTypes.IS_DEFINED) && !m.validateIf) {
        for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
          if (c.async) return null;
          // The default container keeps one instance per constraint class: the executor's too.
          rule.checks.push({ constraint: c.instance, constraints: m.constraints, each: m.each });
        }
      } else if (m.type === ValidationTypes.NESTED_VALIDATION) {
        rule.nested = true;
      } else if (m.type !== ValidationTypes.WHITELIST) {
        return null;
      }
    }
    rules.push(rule);
  }
  const targetName = cls.name;
  return (instance) => {
    const object = instance as Record<string, unknown>;
    for (const { property, conditions, checks, nested } of rules) {
      const value = object[property];
      if (conditions.some((holds) => !holds(object, value))) continue;
      for (const { constraint, constraints, each } of checks) {
        const args: ValidationArguments = { targetName, property, object, value, constraints };
        if (each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) {
          // Set and Map elements: left to validateSync.
          if (!Array.isArray(value) || !value.every((element) => constraint.validate(element, args) === true)) return false;
        } else if (constraint.validate(value, args) !== true) {
          // false, or a promise (a constraint turned async): not answered here.
          return false;
        }
      }
      if (nested && !nestedValid(value)) return false;
    }
    return true;
  };
}

/** The executor's nestedValidations: nothing to check when undefined; an object by its class's rules; an array element by element. */
function nestedValid(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every(nestedValid);
  if (value instanceof Set || value instanceof Map || !(value instanceof Object)) return false;
  const cls = value.constructor as Contract | undefined;
  const check = typeof cls === 'function' ? contractCheck(cls) : undefined;
  return check ? check(value) : false;
}
