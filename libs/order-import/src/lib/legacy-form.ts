import { ImportProblem } from './problems';

/** What a legacy name/value post says, before validation: text values in the legacy names. */
export interface LegacyRequest {
  method?: string;
  credentials: Record<string, string>;
  order: Record<string, unknown>;
  /** Parameters that are not part of the API, or given twice: refused with the rest. */
  problems: ImportProblem[];
}

export const LEGACY_METHODS = ['importOrder', 'cancelOrderByChannelPartnerOrderId', 'cancelOrderByUltraCartOrderId'] as const;

const LIST = /^order\.(coupons|leastCostRouteShippingMethods)\[(\d{1,4})\]$/;
const ITEM = /^order\.items\[(\d{1,4})\]\.(itemId|quantity|arbitraryUnitCost|autoOrderSchedule|upsell|autoOrderLastRebillDate)$/;
const OPTION = /^order\.items\[(\d{1,4})\]\.options\[(\d{1,4})\]\.(name|value)$/;
const SCALAR = /^order\.([A-Za-z0-9]+)$/;
const CREDENTIAL = /^credentials\.(merchantId|channelPartnerCode|channelPartnerPassword)$/;
/** Cancel calls name the order at the top level (SOAP: `orderId`, `channelPartnerOrderId`). */
const CANCEL_PARAMS = ['orderId', 'channelPartnerOrderId'];

/**
 * Reads `application/x-www-form-urlencoded` pairs the way the legacy API names them:
 * `order.items[0].itemId`, `order.items[0].options[1].value`, `order.coupons[2]`. Indices run from 0
 * without gaps. Nothing here judges values.
 */
export function parseLegacyForm(body: string | URLSearchParams, scalarNames: ReadonlySet<string>): LegacyRequest {
  const params = typeof body === 'string' ? new URLSearchParams(body) : body;
  const out: LegacyRequest = { credentials: {}, order: {}, problems: [] };
  const items = new Map<number, Record<string, unknown> & { optionsByIndex?: Map<number, Record<string, string>> }>();
  const lists = new Map<string, Map<number, string>>();
  const seen = new Set<string>();

  for (const [name, value] of params) {
    if (seen.has(name)) {
      out.problems.push({ field: name, message: 'is given more than once' });
      continue;
    }
    seen.add(name);
    let m: RegExpExecArray | null;
    if (name === 'method') out.method = value;
    else if (CANCEL_PARAMS.includes(name)) out.order[name] = value;
    else if ((m = CREDENTIAL.exec(name))) out.credentials[m[1]] = value;
    else if ((m = ITEM.exec(name))) itemAt(items, Number(m[1]))[m[2]] = value;
    else if ((m = OPTION.exec(name))) {
      const item = itemAt(items, Number(m[1]));
      item.optionsByIndex ??= new Map();
      const option = item.optionsByIndex.get(Number(m[2])) ?? {};
      option[m[3]] = value;
      item.optionsByIndex.set(Number(m[2]), option);
    } else if ((m = LIST.exec(name))) {
      const list = lists.get(m[1]) ?? new Map<number, string>();
      list.set(Number(m[2]), value);
      lists.set(m[1], list);
    } else if ((m = SCALAR.exec(name)) && scalarNames.has(m[1])) out.order[m[1]] = value;
    else out.problems.push({ field: name, message: 'is not a parameter of the importOrder API' });
  }

  for (const [name, list] of lists) out.order[name] = inOrder(list, `order.${name}`, out.problems);
  if (items.size) {
    out.order['items'] = inOrder(items, 'order.items', out.problems).map(({ optionsByIndex, ...item }, i) =>
      optionsByIndex ? { ...item, options: inOrder(optionsByIndex, `order.items[${i}].options`, out.problems) } : item,
    );
  }
  return out;
}

function itemAt(items: Map<number, Record<string, unknown>>, index: number): Record<string, unknown> & { optionsByIndex?: Map<number, Record<string, string>> } {
  let item = items.get(index);
  if (!item) items.set(index, (item = {}));
  return item;
}

/** Indices must run 0, 1, 2…: a gap would make every later error name the wrong position. */
function inOrder<T>(map: Map<number, T>, name: string, problems: ImportProblem[]): T[] {
  const list: T[] = [];
  for (let i = 0; i < map.size; i++) {
    if (!map.has(i)) {
      problems.push({ field: `${name}[${i}]`, message: 'is missing: indices must run 0, 1, 2… without gaps' });
      return [...map.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    }
    list.push(map.get(i) as T);
  }
  return list;
}
