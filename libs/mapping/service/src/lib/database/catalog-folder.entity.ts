import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The folders a catalog item sits in (from its category path), for folder goals. */
@Entity({ name: 'catalog_folders' })
export class CatalogFolder {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @PrimaryColumn({ name: 'item_id', type: 'text' })
  itemId: string;

  @Column({ type: 'text', array: true })
  folders: string[];
}
