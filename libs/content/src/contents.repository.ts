import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitScope, unitScopeSql } from '@app/access';
import { ContentKind } from '@app/contracts';
import { changeRows, Queryable, selectOne, selectRows, textSearchSql } from '@app/persistence';
import { inYearSql } from '@app/stats';

/** A content as the API shows it. */
export interface ContentView {
  id: string;
  kind: ContentKind;
  title: string;
  url: string;
  publishedAt: string;
  orgUnitId: string;
  interactions: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const CONTENT_COLUMNS = `c.id, c.kind, c.title, c.url, c.published_at AS "publishedAt", c.org_unit_id AS "orgUnitId",
  c.interactions, c.created_by AS "createdBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

/** A content as it is inserted; its URL already canonical. */
export type NewContentRow = Pick<ContentView, 'kind' | 'title' | 'url' | 'publishedAt' | 'orgUnitId' | 'interactions'> & {
  createdBy: string;
};

/** What an update sets; a null leaves that column as it is. */
export interface ContentRowChanges {
  interactions: number | null;
  title: string | null;
}

/** A page of contents by id, with its filters. */
export interface ContentPage {
  afterId: string | null;
  /** How many to answer; one more is read to tell whether another page follows. */
  limit: number;
  kind: ContentKind | null;
  year: number | null;
  timezone: string;
  /** The caller's own unit path: its ancestors' contents are visible too. */
  unitPath: string;
  orgUnitId: string | null;
  /** Search text for titles and URLs: the best matches instead of the id order. */
  q: string | null;
}

/** Articles to spread and website posts (the contents table). */
@Injectable()
export class ContentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The new content, or null when its unit already has this URL for this kind. */
  insertIfUrlFree(m: Queryable, content: NewContentRow): Promise<ContentView | null> {
    return selectOne<ContentView>(
      m,
      `INSERT INTO contents AS c (kind, title, url, published_at, org_unit_id, interactions, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (org_unit_id, kind, url) DO NOTHING
         RETURNING ${CONTENT_COLUMNS}`,
      [content.kind, content.title, content.url, content.publishedAt, content.orgUnitId, content.interactions, content.createdBy],
    );
  }

  /** The id of the unit's content of this kind with this (canonical) URL; called after an insert conflicted with it. */
  async idOfExistingUrl(orgUnitId: string, kind: ContentKind, url: string, db: Queryable = this.dataSource.manager): Promise<string> {
    const [existing] = await selectRows<{ id: string }>(
      db,
      `SELECT id FROM contents WHERE org_unit_id = $1 AND kind = $2 AND url = $3`,
      [orgUnitId, kind, url],
    );
    return existing.id;
  }

  /** The content as it is after the update. */
  async update(m: Queryable, id: string, changes: ContentRowChanges): Promise<ContentView> {
    const { rows } = await changeRows<ContentView>(
      m,
      `UPDATE contents AS c SET interactions = coalesce($2, interactions), title = coalesce($3, title), updated_at = now()
          WHERE id = $1 RETURNING ${CONTENT_COLUMNS}`,
      [id, changes.interactions, changes.title],
    );
    return rows[0];
  }

  /** Contents of the caller's unit's ancestors and of the units in the scope, by id; with `q`, the best matches first. */
  listUsableBy(scope: UnitScope, page: ContentPage, db: Queryable = this.dataSource.manager): Promise<ContentView[]> {
    const filter = unitScopeSql(scope, 'o', 8);
    const search = page.q === null ? null : textSearchSql(['c.title', 'c.url'], page.q, 8 + filter.params.length);
    return selectRows<ContentView>(
      db,
      `SELECT ${CONTENT_COLUMNS} FROM contents c JOIN org_units o ON o.id = c.org_unit_id
        WHERE ($1::bigint IS NULL OR c.id > $1) AND ($3::text IS NULL OR c.kind = $3)
          AND ($4::int IS NULL OR (${inYearSql('c.published_at', '$4', '$5')}))
          AND ($7::bigint IS NULL OR o.path <@ (SELECT f.path FROM org_units f WHERE f.id = $7))
          AND (o.path @> $6::ltree OR ${filter.sql}) ${search ? `AND ${search.match}` : ''}
        ORDER BY ${search ? `${search.rank} DESC, c.title COLLATE "vi-x-icu", ` : ''}c.id LIMIT $2`,
      [
        page.afterId,
        page.limit + 1,
        page.kind,
        page.year,
        page.timezone,
        page.unitPath,
        page.orgUnitId,
        ...filter.params,
        ...(search?.params ?? []),
      ],
    );
  }

  /** The content, when it belongs to an ancestor of the unit path or to a unit in the scope. */
  findUsableBy(
    id: string,
    unitPath: string,
    scope: UnitScope,
    db: Queryable = this.dataSource.manager,
  ): Promise<ContentView | null> {
    const filter = unitScopeSql(scope, 'o', 3);
    return selectOne<ContentView>(
      db,
      `SELECT ${CONTENT_COLUMNS} FROM contents c JOIN org_units o ON o.id = c.org_unit_id
            WHERE c.id = $1 AND (o.path @> $2::ltree OR ${filter.sql})`,
      [id, unitPath, ...filter.params],
    );
  }

  /** The content when its unit lies in the scope, locked (FOR UPDATE OF c) until the caller's transaction ends. */
  lockInScope(m: Queryable, id: string, scope: UnitScope): Promise<ContentView | null> {
    const filter = unitScopeSql(scope, 'o', 2);
    return selectOne<ContentView>(
      m,
      `SELECT ${CONTENT_COLUMNS} FROM contents c JOIN org_units o ON o.id = c.org_unit_id
            WHERE c.id = $1 AND ${filter.sql} FOR UPDATE OF c`,
      [id, ...filter.params],
    );
  }
}
