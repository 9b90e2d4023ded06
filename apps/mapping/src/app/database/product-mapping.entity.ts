import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Cart item id → the product's name in one CRM, per merchant. */
@Entity({ name: 'product_mappings' })
export class ProductMapping {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @PrimaryColumn({ type: 'text' })
  crm: string;

  @PrimaryColumn({ name: 'item_id', type: 'text' })
  itemId: string;

  @Column({ name: 'product_name', type: 'text' })
  productName: string;
}
