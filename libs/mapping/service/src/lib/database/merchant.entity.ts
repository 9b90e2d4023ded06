import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A merchant of the hub: created by the platform operator, configured by its own admins. */
@Entity({ name: 'merchants' })
export class Merchant {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @Column({ type: 'text' })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
