import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Options every DataSource of Lan Tỏa shares. Migrations stay out: they run only through {@link runMigrations}. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrations: [],
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
