import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'new','verified','rejected','removal_requested','removed','still_online'`;

/**
 * A page case shared by several organisation trees (the subtrees of top units) keeps one
 * review track per tree: its status, when it was set and its re-check mark (ADR 008, "A case
 * shared by trees"). A tree that never changed the case has no row and reads `new`. Each
 * change names the track it moved (`page_case_events.tree_unit_id`), so a tree's history and
 * re-check stay its own even when a unit later moves to another tree.
 *
 * Existing data: every change goes to the track of its author's unit's tree, and each track
 * takes the status of its tree's latest change — what that tree's own people last did; a tree
 * whose people never changed the case starts at `new`. `page_cases.status` and
 * `status_changed_at` keep their values and now mean the latest change of any tree.
 */
export class PageCaseTracks1765200000000 implements MigrationInterface {
  name = 'PageCaseTracks1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE page_case_events ADD COLUMN tree_unit_id bigint REFERENCES org_units(id)`);
    await db.query(`
      UPDATE page_case_events e SET tree_unit_id = ltree2text(subpath(o.path, 0, 1))::bigint
        FROM org_units o WHERE o.id = e.org_unit_id`);
    await db.query(`ALTER TABLE page_case_events ALTER COLUMN tree_unit_id SET NOT NULL`);
    await db.query(`CREATE INDEX page_case_events_track_idx ON page_case_events (page_case_id, tree_unit_id, id)`);

    await db.query(`
      CREATE TABLE page_case_tracks (
        page_case_id bigint NOT NULL REFERENCES page_cases(id),
        tree_unit_id bigint NOT NULL REFERENCES org_units(id),
        status varchar(24) NOT NULL CHECK (status IN (${STATUSES})),
        status_changed_at timestamptz NOT NULL,
        due_for_recheck_at timestamptz,
        PRIMARY KEY (page_case_id, tree_unit_id),
        CONSTRAINT page_case_tracks_recheck_check CHECK (due_for_recheck_at IS NULL OR status = 'removal_requested')
      )`);
    await db.query(`CREATE INDEX page_case_tracks_tree_idx ON page_case_tracks (tree_unit_id, status, page_case_id)`);
    await db.query(
      `CREATE INDEX page_case_tracks_requested_idx ON page_case_tracks (page_case_id) WHERE status = 'removal_requested' AND due_for_recheck_at IS NULL`,
    );
    // A case marked for re-check before was in removal_requested; the mark stays on the tracks still there.
    await db.query(`
      INSERT INTO page_case_tracks (page_case_id, tree_unit_id, status, status_changed_at, due_for_recheck_at)
      SELECT DISTINCT ON (e.page_case_id, e.tree_unit_id) e.page_case_id, e.tree_unit_id, e.to_status, e.created_at,
             CASE WHEN e.to_status = 'removal_requested' THEN pc.due_for_recheck_at END
        FROM page_case_events e JOIN page_cases pc ON pc.id = e.page_case_id
       ORDER BY e.page_case_id, e.tree_unit_id, e.created_at DESC, e.id DESC`);

    await db.query(`DROP INDEX page_cases_due_idx`);
    await db.query(`ALTER TABLE page_cases DROP CONSTRAINT page_cases_recheck_check`);
    await db.query(`ALTER TABLE page_cases DROP COLUMN due_for_recheck_at`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE page_cases ADD COLUMN due_for_recheck_at timestamptz`);
    await db.query(`
      UPDATE page_cases pc SET due_for_recheck_at = t.due
        FROM (SELECT page_case_id, max(due_for_recheck_at) AS due FROM page_case_tracks GROUP BY page_case_id) t
       WHERE t.page_case_id = pc.id AND pc.status = 'removal_requested'`);
    await db.query(
      `ALTER TABLE page_cases ADD CONSTRAINT page_cases_recheck_check CHECK (due_for_recheck_at IS NULL OR status = 'removal_requested')`,
    );
    await db.query(`CREATE INDEX page_cases_due_idx ON page_cases (id) WHERE due_for_recheck_at IS NOT NULL`);
    await db.query(`DROP TABLE page_case_tracks`);
    await db.query(`ALTER TABLE page_case_events DROP COLUMN tree_unit_id`);
  }
}
