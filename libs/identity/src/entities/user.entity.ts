import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '@app/access';

/** A person who signs in. Belongs to exactly one unit; may hold several roles. */
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('varchar')
  username: string;

  @Column('varchar')
  fullName: string;

  @Column('text', { select: false })
  passwordHash: string;

  @Column('bigint')
  orgUnitId: string;

  @Column('text', { array: true })
  roles: Role[];

  @Column('boolean')
  active: boolean;

  /** Bumped when roles or activity change, so older access tokens stop working at once. */
  @Column('integer')
  tokenVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
