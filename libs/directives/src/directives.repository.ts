import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitScope, unitScopeSql } from '@app/access';
import { DirectiveView } from '@app/contracts';
import { Queryable, selectRows } from '@app/persistence';
import { dateInYearSql } from '@app/stats';

const DIRECTIVE_COLUMNS = `d.id, d.number, d.title, to_char(d.issued_on, 'YYYY-MM-DD') AS "issuedOn",
  d.org_unit_id AS "orgUnitId", d.created_by AS "createdBy", d.created_at AS "createdAt"`;

/** A directive as written: its text NFC-normalised by the service, its unit the creator's. */
export interface DirectiveRow {
  number: string | null;
  title: string;
  issuedOn: string;
  orgUnitId: string;
  createdBy: string;
}

/** Which directives a page holds: after an id, issued in a year, stamped with a unit of a subtree. */
export interface DirectivePage {
  afterId: string | null;
  limit: number;
  year: number | null;
  orgUnitId: string | null;
}

/** The directives table. */
@Injectable()
export class DirectivesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: Queryable, row: DirectiveRow): Promise<DirectiveView> {
    const [inserted] = await selectRows<DirectiveView>(
      m,
      `INSERT INTO directives AS d (number, title, issued_on, org_unit_id, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${DIRECTIVE_COLUMNS}`,
      [row.number, row.title, row.issuedOn, row.orgUnitId, row.createdBy],
    );
    return inserted;
  }

  /** One page more than asked (`limit + 1` rows), by id, of the directives of units in scope. */
  listVisibleTo(scope: UnitScope, page: DirectivePage, db: Queryable = this.dataSource.manager): Promise<DirectiveView[]> {
    const units = unitScopeSql(scope, 'o', 5);
    return selectRows<DirectiveView>(
      db,
      `SELECT ${DIRECTIVE_COLUMNS} FROM directives d JOIN org_units o ON o.id = d.org_unit_id
        WHERE ($1::bigint IS NULL OR d.id > $1)
          AND ($3::int IS NULL OR ${dateInYearSql('d.issued_on', '$3')})
          AND ($4::bigint IS NULL OR o.path <@ (SELECT f.path FROM org_units f WHERE f.id = $4))
          AND ${units.sql}
        ORDER BY d.id LIMIT $2`,
      [page.afterId, page.limit + 1, page.year, page.orgUnitId, ...units.params],
    );
  }
}
