import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { MIGRATIONS } from './migrations';

// Used only by the TypeORM CLI (npm run migration:generate); the apps never load it.
export default new DataSource({
  ...dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/lantoa'),
  entities: ['libs/*/src/**/*.entity.ts'],
  migrations: MIGRATIONS,
});
