import type { OrderDeleted } from '@hub/domain';
import { OrderEventBase } from './order-event-base';

/** The merchant deleted an order in the cart (test orders, mostly). */
export class OrderDeletedV1 extends OrderEventBase implements OrderDeleted {}
