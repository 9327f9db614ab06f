import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options';
import { DatabaseProbeRepository } from './database-probe.repository';

/** The application's DataSource; entities register themselves through TypeOrmModule.forFeature. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseUrl),
        autoLoadEntities: true,
        retryAttempts: 0,
      }),
    }),
  ],
  providers: [DatabaseProbeRepository],
  exports: [DatabaseProbeRepository],
})
export class PersistenceModule {}
