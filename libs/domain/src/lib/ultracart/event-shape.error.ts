/** A cart resource lacks what its canonical event cannot do without; `field` names it (`items[0].merchant_item_id`). */
export class EventShapeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = new.target.name;
  }

  /** The same problem, seen from an enclosing object (`rebill_orders[2].` + field). */
  within(prefix: string): EventShapeError {
    return new EventShapeError(`${prefix}${this.field}`, this.message.slice(this.field.length + 2));
  }
}

/** Runs `fn` on a nested resource; a shape error it throws names the field from the outer resource. */
export function atField<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof EventShapeError ? err.within(prefix) : err;
  }
}

/** An order that cannot become a canonical order (kept as its own class for callers that catch it). */
export class OrderShapeError extends EventShapeError {}
