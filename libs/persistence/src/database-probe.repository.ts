import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { execute, Queryable } from './sql';

/** Whether PostgreSQL answers at all (GET /health). */
@Injectable()
export class DatabaseProbeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Resolves once the database has answered a trivial statement; rejects when it cannot. */
  async ping(db: Queryable = this.dataSource.manager): Promise<void> {
    await execute(db, 'SELECT 1');
  }
}
