import { fieldName, ImportProblem, Interface } from '@hub/order-import';

/** How an import, cancel or stage change ended, before either interface renders it. */
export interface Outcome {
  httpStatus: number;
  success: boolean;
  orderId?: string;
  /** The order existed already: the same request answered again. */
  duplicate?: boolean;
  stage?: string;
  errors: ImportProblem[];
  warnings: ImportProblem[];
  /** A cancel or stage change: its fields are the call's own parameters (`orderId`), not `order.*`. */
  aboutCall?: boolean;
}

/** The REST `ChannelPartnerImportResponse` shape (snake_case), plus structured field errors. */
export interface RestImportResponse {
  success: boolean;
  order_id: string | null;
  import_errors: string[];
  import_warnings: string[];
  errors: Array<{ field: string; message: string }>;
  warnings: Array<{ field: string; message: string }>;
  stage?: string;
  duplicate?: boolean;
}

export function named(problems: ImportProblem[], iface: Interface, aboutCall = false): Array<{ field: string; message: string }> {
  return problems.map((p) => ({ field: aboutCall && iface === 'legacy' ? p.field : fieldName(p.field, iface), message: p.message }));
}

export function toRestResponse(o: Outcome): RestImportResponse {
  const errors = named(o.errors, 'rest', o.aboutCall);
  const warnings = named(o.warnings, 'rest', o.aboutCall);
  return {
    success: o.success,
    order_id: o.orderId ?? null,
    import_errors: errors.map((e) => `${e.field}: ${e.message}`),
    import_warnings: warnings.map((w) => `${w.field}: ${w.message}`),
    errors,
    warnings,
    ...(o.stage ? { stage: o.stage } : {}),
    ...(o.duplicate ? { duplicate: true } : {}),
  };
}

/**
 * The legacy interface's "simply formatted data": one `name=value` per line, values on one line.
 *
 *   success=false
 *   orderId=
 *   error=order.billToFirstName: is required
 *   warning=order.coupons[0]: BOGUS is not a coupon of the merchant
 */
export function toLegacyText(o: Outcome): string {
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');
  const lines = [`success=${o.success}`, `orderId=${o.orderId ?? ''}`];
  if (o.stage) lines.push(`stage=${o.stage}`);
  if (o.duplicate) lines.push('duplicate=true');
  for (const e of named(o.errors, 'legacy', o.aboutCall)) lines.push(`error=${oneLine(`${e.field}: ${e.message}`)}`);
  for (const w of named(o.warnings, 'legacy')) lines.push(`warning=${oneLine(`${w.field}: ${w.message}`)}`);
  return lines.join('\n') + '\n';
}
