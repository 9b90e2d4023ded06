import { ImportOrderInput } from './import-order.input';
import { CatalogEntry } from './catalog';
import { ImportProblem } from './problems';

export interface CatalogView {
  items: ReadonlyMap<string, CatalogEntry>;
  /** Coupon codes the merchant has; an unknown one is a warning, not an error. */
  coupons: ReadonlySet<string>;
}

export interface CatalogCheck {
  errors: ImportProblem[];
  warnings: ImportProblem[];
  /** Some item ships: ship-to and a shipping method were required. */
  physical: boolean;
}

const SHIP_TO_REQUIRED = ['shipToFirstName', 'shipToLastName', 'shipToAddress1', 'shipToCity', 'shipToState', 'shipToPostalCode', 'shipToCountry', 'shipToPhone'] as const;

/**
 * The rules that need the merchant's catalog: every item exists (and is active), with its required
 * options and allowed values, a schedule it offers, a price; physical goods need the ship-to
 * address and a shipping method (or least-cost routing). Unknown coupons and pre-orders are warnings.
 */
export function checkAgainstCatalog(order: ImportOrderInput, catalog: CatalogView): CatalogCheck {
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  let physical = false;
  listOf(order.items).forEach((line, i) => {
    const at = (f: string) => `items[${i}].${f}`;
    const item = line?.itemId ? catalog.items.get(line.itemId) : undefined;
    if (!line?.itemId) return; // already reported as required
    if (!item) return void errors.push({ field: at('itemId'), message: `${line.itemId} is not in the merchant's catalog` });
    if (item.inactive) errors.push({ field: at('itemId'), message: `${line.itemId} is inactive` });
    if (item.preorder) warnings.push({ field: at('itemId'), message: `${line.itemId} is a pre-order item` });
    if (item.priceMinor === undefined && line.arbitraryUnitCost === undefined) errors.push({ field: at('arbitraryUnitCost'), message: `is required: ${line.itemId} has no catalog price` });
    physical ||= item.physical;
    const given = new Map(listOf(line.options).map((o) => [o?.name, o?.value]));
    item.options.forEach((opt) => {
      const value = given.get(opt.name);
      if (opt.required && (value === undefined || value === '')) errors.push({ field: at('options'), message: `option "${opt.name}" is required for ${line.itemId}` });
    });
    listOf(line.options).forEach((o, j) => {
      const opt = item.options.find((x) => x.name === o?.name);
      if (!o?.name) return;
      if (!opt) errors.push({ field: at(`options[${j}].name`), message: `${line.itemId} has no option "${o.name}"` });
      else if (opt.values.length && o.value && !opt.values.includes(o.value)) errors.push({ field: at(`options[${j}].value`), message: `must be one of: ${opt.values.join(', ')}` });
    });
    if (line.autoOrderSchedule && !item.autoOrderSchedules.includes(line.autoOrderSchedule)) {
      errors.push({ field: at('autoOrderSchedule'), message: item.autoOrderSchedules.length ? `must be one of: ${item.autoOrderSchedules.join(', ')}` : `${line.itemId} has no auto-order schedules` });
    }
    // Historical auto orders: the last rebill date decides when the next shipment occurs.
    if (order.storeCompleted && line.autoOrderSchedule && !line.autoOrderLastRebillDate) {
      errors.push({ field: at('autoOrderLastRebillDate'), message: 'is required when importing a historical order of an auto-order item' });
    }
  });
  if (physical) {
    for (const f of SHIP_TO_REQUIRED) if (!order[f]) errors.push({ field: f, message: 'is required for physical goods' });
    if (!order.shippingMethod && order.leastCostRoute !== true) errors.push({ field: 'shippingMethod', message: 'is required for physical goods, unless leastCostRoute=true' });
  }
  listOf(order.coupons).forEach((code, i) => {
    if (typeof code === 'string' && !catalog.coupons.has(code)) warnings.push({ field: `coupons[${i}]`, message: `${code} is not a coupon of the merchant` });
  });
  return { errors, warnings, physical };
}

/**
 * A list as the caller sent it, or none: a body can hold anything where a list belongs (a REST
 * `"items": "lots"`), and checkOrder has already reported that by field — these rules run on the
 * same raw order and must not fail on it.
 */
function listOf<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}
