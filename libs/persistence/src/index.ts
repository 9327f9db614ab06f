export { dataSourceOptions } from './data-source-options';
export {
  createDatabaseFromTemplate,
  dropDatabases,
  ensureDatabase,
  revertLastMigration,
  runMigrations,
  splitDatabaseUrl,
} from './database-admin.repository';
export { describeUnreachable, redactUrl } from './connection-errors';
export { DatabaseProbeRepository } from './database-probe.repository';
export { MIGRATIONS } from './migrations';
export { PersistenceModule } from './persistence.module';
export { SnakeNamingStrategy } from './snake-naming.strategy';
export { textSearchSql, TextSearchSql } from './text-search';
export { changeRows, execute, Queryable, selectOne, selectRows } from './sql';
