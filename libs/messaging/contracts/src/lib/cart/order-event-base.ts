import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { MerchantScoped } from '../common';

/** What every event about one cart order carries: whose, which, and the customer when known. */
export class OrderEventBase extends MerchantScoped {
  @IsString() @IsNotEmpty()
  orderId: string;

  /** As the cart had it (lower-cased); informational, so a strange spelling never parks the event. */
  @IsOptional() @IsString()
  customerEmail?: string;
}
