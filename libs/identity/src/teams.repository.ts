import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitScope, unitScopeSql } from '@app/access';
import { TeamView } from '@app/contracts';
import { changeRows, execute, Queryable, selectOne, selectRows, textSearchSql } from '@app/persistence';

/** The columns of a {@link TeamView}, on alias `t`, with its member ids. */
const TEAM_COLUMNS = `t.id, t.name, t.org_unit_id AS "orgUnitId", t.created_at AS "createdAt",
  coalesce((SELECT array_agg(tm.user_id::text ORDER BY tm.user_id) FROM team_members tm WHERE tm.team_id = t.id),
           '{}') AS "memberIds"`;

/** A team and the unit it belongs to. */
export interface TeamUnitRow {
  id: string;
  orgUnitId: string;
}

/** A page of teams by id: after `afterId`, `limit` of them (one more is read to tell whether another page follows). */
export interface TeamPage {
  afterId: string | null;
  limit: number;
  /** Search text for team names: the best matches instead of the id order. */
  q: string | null;
}

/** Teams and their members. */
@Injectable()
export class TeamsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The new team's id, or null when the unit already has a team of that name (case-insensitively). */
  async insertIfNameFree(m: Queryable, name: string, orgUnitId: string): Promise<string | null> {
    const row = await selectOne<{ id: string }>(
      m,
      `INSERT INTO teams (name, org_unit_id) VALUES ($1, $2)
         ON CONFLICT (org_unit_id, lower(name)) DO NOTHING RETURNING id`,
      [name, orgUnitId],
    );
    return row?.id ?? null;
  }

  /** Teams whose unit lies in the scope, by id; with `q`, the best matches first (ties by name, Vietnamese order). */
  listVisibleTo(scope: UnitScope, page: TeamPage, db: Queryable = this.dataSource.manager): Promise<TeamView[]> {
    const filter = unitScopeSql(scope, 'o', 3);
    const search = page.q === null ? null : textSearchSql(['t.name'], page.q, 3 + filter.params.length);
    return selectRows<TeamView>(
      db,
      `SELECT ${TEAM_COLUMNS} FROM teams t JOIN org_units o ON o.id = t.org_unit_id
        WHERE ($1::bigint IS NULL OR t.id > $1) AND ${filter.sql} ${search ? `AND ${search.match}` : ''}
        ORDER BY ${search ? `${search.rank} DESC, t.name COLLATE "vi-x-icu", ` : ''}t.id LIMIT $2`,
      [page.afterId, page.limit + 1, ...filter.params, ...(search?.params ?? [])],
    );
  }

  findById(id: string, db: Queryable = this.dataSource.manager): Promise<TeamView | null> {
    return selectOne<TeamView>(db, `SELECT ${TEAM_COLUMNS} FROM teams t WHERE t.id = $1`, [id]);
  }

  /** The unit of each of the teams that exists. */
  listUnitsOf(teamIds: string[], db: Queryable = this.dataSource.manager): Promise<TeamUnitRow[]> {
    return selectRows<TeamUnitRow>(db, `SELECT id, org_unit_id AS "orgUnitId" FROM teams WHERE id = ANY($1::bigint[])`, [
      teamIds,
    ]);
  }

  /** Adds the users to the team; those already in it stay as they are. */
  async addMembers(m: Queryable, teamId: string, userIds: string[]): Promise<void> {
    await execute(
      m,
      `INSERT INTO team_members (team_id, user_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
      [teamId, userIds],
    );
  }

  /** Puts a user who is in no team yet into the teams. */
  async addUserToTeams(m: Queryable, userId: string, teamIds: string[]): Promise<void> {
    await execute(m, `INSERT INTO team_members (team_id, user_id) SELECT unnest($1::bigint[]), $2`, [teamIds, userId]);
  }

  async removeMember(m: Queryable, teamId: string, userId: string): Promise<void> {
    await execute(m, `DELETE FROM team_members WHERE team_id = $1 AND user_id = $2`, [teamId, userId]);
  }

  /** Ends the user's memberships of teams whose unit does not cover `unitId`; answers those teams' ids. */
  async removeFromTeamsNotCovering(m: Queryable, userId: string, unitId: string): Promise<string[]> {
    const { rows } = await changeRows<{ teamId: string }>(
      m,
      `DELETE FROM team_members tm USING teams t, org_units tu
        WHERE tm.user_id = $1 AND t.id = tm.team_id AND tu.id = t.org_unit_id
          AND NOT tu.path @> (SELECT path FROM org_units WHERE id = $2)
        RETURNING t.id::text AS "teamId"`,
      [userId, unitId],
    );
    return rows.map((row) => row.teamId);
  }
}
