import { getMetadataStorage, ValidationArguments, ValidationTypes, ValidatorConstraintInterface } from 'class-validator';

type Contract = new () => object;

interface Rule {
  property: string;
  /** `@IsOptional` / `@ValidateIf`: the property's constraints apply only when every one holds. */
  conditions: Array<(object: object, value: unknown) => boolean>;
  checks: Array<{ constraint: ValidatorConstraintInterface; constraints: unknown[] }>;
}

/** A contract's check, or null once found not to qualify. */
const compiled = new WeakMap<Contract, ((instance: object) => boolean) | null>();

/**
 * Whether `validateSync(instance, { forbidUnknownValues: true })` would find nothing, asked of the
 * same constraint objects class-validator would run (its own `isUUID`, `isIn`, `matches`, …, with
 * the decorators' arguments), only without its executor's work per call: looking the class's
 * metadata up, grouping it by property and building an error object for every property, errors
 * or not. On a 2 KB transmission record that work was most of validateSync's 8–9 µs
 * (tools/bench/audit/README.md).
 *
 * `undefined` when the contract uses anything beyond plain synchronous constraints and
 * conditions on its own properties (nested objects, `each`, `@IsDefined`, a constraint's
 * `validateIf`, async constraints): the caller runs validateSync. The caller also runs it whenever
 * this answers false, for the field errors: a refusal is always class-validator's own.
 */
export function contractCheck(cls: Contract): ((instance: object) => boolean) | undefined {
  let check = compiled.get(cls);
  if (check === undefined) compiled.set(cls, (check = compile(cls)));
  return check ?? undefined;
}

function compile(cls: Contract): ((instance: object) => boolean) | null {
  const storage = getMetadataStorage();
  // The arguments validateSync's executor passes with no groups and `always` unset.
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false, undefined);
  // No metadata: validateSync refuses the object (forbidUnknownValues); leave that to it.
  if (!metadatas.length) return null;
  const rules: Rule[] = [];
  for (const [property, ms] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const rule: Rule = { property, conditions: [], checks: [] };
    for (const m of ms) {
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        rule.conditions.push(m.constraints[0] as Rule['conditions'][number]);
      } else if (m.type === ValidationTypes.CUSTOM_VALIDATION && !m.each && !m.validateIf) {
        for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
          if (c.async) return null;
          // The default container keeps one instance per constraint class: the executor's too.
          rule.checks.push({ constraint: c.instance, constraints: m.constraints });
        }
      } else {
        return null;
      }
    }
    rules.push(rule);
  }
  const targetName = cls.name;
  return (instance) => {
    const object = instance as Record<string, unknown>;
    for (const { property, conditions, checks } of rules) {
      const value = object[property];
      if (conditions.some((holds) => !holds(object, value))) continue;
      for (const { constraint, constraints } of checks) {
        const args: ValidationArguments = { targetName, property, object, value, constraints };
        const valid = constraint.validate(value, args);
        // A promise (a constraint turned async): not answered here.
        if (valid !== true) return false;
      }
    }
    return true;
  };
}
