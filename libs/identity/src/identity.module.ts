import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { OrganisationModule } from '@app/organisation';
import { FigureChangesModule } from '@app/stats';
import { ApiQuotaService } from './api-quota.service';
import { AuthService } from './auth.service';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { TeamEntity, TeamMemberEntity } from './entities/team.entity';
import { UserEntity } from './entities/user.entity';
import { FirstAdminService } from './first-admin.service';
import { RateLimiterService } from './rate-limiter.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';
import { UserImportService } from './user-import.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { UserPreferencesService } from './user-preferences.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity, TeamEntity, TeamMemberEntity]),
    JwtModule.register({}),
    AccessModule,
    AuditModule,
    OrganisationModule,
    FigureChangesModule,
  ],
  providers: [ApiQuotaService, AuthService, UsersService, TeamsService, UserImportService, RateLimiterService, FirstAdminService, UserPreferencesService, UsersRepository, TeamsRepository, RefreshTokensRepository],
  exports: [ApiQuotaService, AuthService, UsersService, TeamsService, UserImportService, RateLimiterService, FirstAdminService, UserPreferencesService],
})
export class IdentityModule {}
