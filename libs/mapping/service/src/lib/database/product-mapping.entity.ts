import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Cart item id → the product in one CRM (by name, by id, or both), per merchant. */
@Entity({ name: 'product_mappings' })
export class ProductMapping {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @PrimaryColumn({ type: 'text' })
  crm: string;

  @PrimaryColumn({ name: 'item_id', type: 'text' })
  itemId: string;

  @Column({ name: 'product_name', type: 'text', nullable: true })
  productName: string | null;

  /** bigint comes back from pg as a string; the service turns it into a number. */
  @Column({ name: 'crm_product_id', type: 'bigint', nullable: true })
  crmProductId: string | null;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;
}
