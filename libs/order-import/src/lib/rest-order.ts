import { ITEM_FIELDS, ORDER_FIELDS } from './field-names';
import { ImportProblem } from './problems';

const LEGACY_OF = new Map(ORDER_FIELDS.map(([legacy, rest]) => [rest, legacy]));
const LEGACY_ITEM_OF = new Map(ITEM_FIELDS.map(([legacy, rest]) => [rest, legacy]));

/**
 * The REST `ChannelPartnerOrder` (snake_case JSON) in the legacy names, so one set of rules
 * serves both interfaces. Unknown members are refused by name, like unknown form parameters.
 */
export function fromRestOrder(body: unknown): { order: Record<string, unknown>; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  if (!isObject(body)) return { order: {}, problems: [{ field: '(body)', message: 'must be a JSON object (ChannelPartnerOrder)' }] };
  const order: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const legacy = LEGACY_OF.get(key);
    if (!legacy) problems.push({ field: key, message: 'is not a member of ChannelPartnerOrder' });
    else if (legacy === 'items') order['items'] = Array.isArray(value) ? value.map((item, i) => restItem(item, i, problems)) : value;
    else order[legacy] = value;
  }
  return { order, problems };
}

function restItem(item: unknown, index: number, problems: ImportProblem[]): unknown {
  if (!isObject(item)) return item;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    const legacy = LEGACY_ITEM_OF.get(key);
    if (!legacy) problems.push({ field: `items[${index}].${key}`, message: 'is not a member of ChannelPartnerOrderItem' });
    else out[legacy] = value;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
