import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A named group of users (tổ thư ký, tổ cộng tác viên, ban chỉ đạo) that belongs to a unit. */
@Entity('teams')
export class TeamEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('varchar')
  name: string;

  @Column('bigint')
  orgUnitId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('team_members')
export class TeamMemberEntity {
  @PrimaryColumn('bigint')
  teamId: string;

  @PrimaryColumn('bigint')
  userId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;
}
