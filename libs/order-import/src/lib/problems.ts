import { ValidationError } from 'class-validator';

/**
 * One thing wrong with a request, at a field path in the legacy names without the `order.`
 * prefix: `billToFirstName`, `items[0].quantity`, `items[1].options[0].name`; credentials as
 * `credentials.merchantId`. Each interface renders the path in its own names (field-names.ts).
 */
export interface ImportProblem {
  field: string;
  message: string;
}

/** class-validator's tree → flat problems with `a[0].b` paths, every message of every field. */
export function toProblems(errors: ValidationError[], prefix = ''): ImportProblem[] {
  return errors.flatMap((e) => {
    const path = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    // Two rules may say the same thing ("is required" for absent and for empty): once is enough.
    const own = [...new Set(Object.values(e.constraints ?? {}))].map((message) => ({ field: path, message }));
    return [...own, ...toProblems(e.children ?? [], path)];
  });
}
