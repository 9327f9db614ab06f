import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccessModule } from '@app/access';
import { ActionsModule } from '@app/actions';
import { AuditModule } from '@app/audit';
import { ConfigModule } from '@app/config';
import { ContentModule } from '@app/content';
import { DirectivesModule } from '@app/directives';
import { IdentityModule } from '@app/identity';
import { OrganisationModule } from '@app/organisation';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue-contracts';
import { ReportingModule } from '@app/reporting';
import { TakedownsModule } from '@app/takedowns';
import { TasksModule } from '@app/tasks';
import { NotificationsModule } from '@app/notifications';
import { LoggingModule } from '@app/runtime';
import { StatsModule } from '@app/stats';
import { SurveysModule } from '@app/surveys';
import { TargetsModule } from '@app/targets';
import { ActionsController } from './actions.controller';
import { AuditController } from './audit.controller';
import { AuthController } from './auth.controller';
import { WebSessionController } from './web-session.controller';
import { ContentsController } from './contents.controller';
import { DirectivesController } from './directives.controller';
import { FirstAdminSeeder } from './first-admin.seeder';
import { HealthController } from './health.controller';
import { AccessGuard } from './http/access.guard';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { JobsController } from './jobs.controller';
import { MyPreferencesController } from './my-preferences.controller';
import { MyReportsController } from './my-reports.controller';
import { OrgUnitsController } from './org-units.controller';
import { PagesController } from './pages.controller';
import { PushSubscriptionsController } from './push-subscriptions.controller';
import { QuestionnairesController } from './questionnaires.controller';
import { ReportsController } from './reports.controller';
import { StatsController } from './stats.controller';
import { StatsExportController } from './stats-export.controller';
import { SystemStatusController } from './system-status.controller';
import { AdminQueuesSessions } from './admin-queues';
import { SurveysController } from './surveys.controller';
import { TargetsController } from './targets.controller';
import { TasksController } from './tasks.controller';
import { TeamsController } from './teams.controller';
import { UsersController } from './users.controller';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    PersistenceModule,
    QueueModule,
    AccessModule,
    AuditModule,
    OrganisationModule,
    IdentityModule,
    SurveysModule,
    DirectivesModule,
    TargetsModule,
    StatsModule,
    ReportingModule,
    ContentModule,
    TasksModule,
    ActionsModule,
    TakedownsModule,
    NotificationsModule,
  ],
  controllers: [
    HealthController,
    AuthController,
    WebSessionController,
    OrgUnitsController,
    UsersController,
    TeamsController,
    JobsController,
    AuditController,
    SurveysController,
    QuestionnairesController,
    DirectivesController,
    TargetsController,
    StatsController,
    StatsExportController,
    ContentsController,
    TasksController,
    ActionsController,
    ReportsController,
    MyReportsController,
    MyPreferencesController,
    PagesController,
    PushSubscriptionsController,
    SystemStatusController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    FirstAdminSeeder,
    AdminQueuesSessions,
  ],
})
export class ApiModule {}
