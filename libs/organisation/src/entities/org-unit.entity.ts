import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A unit of the organisation tree; `path` is an ltree of ids from the root down to this unit. */
@Entity('org_units')
export class OrgUnitEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('varchar')
  name: string;

  @Column('varchar', { nullable: true })
  code: string | null;

  @Column('bigint', { nullable: true })
  parentId: string | null;

  @Column('ltree' as 'varchar')
  path: string;

  /** False once deactivated: the unit keeps its records but takes no new members or child units. */
  @Column('boolean', { default: true })
  active: boolean;

  @Column('timestamptz', { nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
