import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CredentialsInput, ImportOrderInput } from './import-order.input';
import { ImportProblem, toProblems } from './problems';

/** The API's own rules (class-validator) over a request in the legacy names; every problem at once. */
export function checkOrder(raw: Record<string, unknown>): { order: ImportOrderInput; problems: ImportProblem[] } {
  const order = plainToInstance(ImportOrderInput, raw);
  return { order, problems: toProblems(validateSync(order, { forbidUnknownValues: false, stopAtFirstError: true })) };
}

export function checkCredentials(raw: Record<string, unknown>): { credentials: CredentialsInput; problems: ImportProblem[] } {
  const credentials = plainToInstance(CredentialsInput, raw);
  return { credentials, problems: toProblems(validateSync(credentials, { stopAtFirstError: true }), 'credentials') };
}
