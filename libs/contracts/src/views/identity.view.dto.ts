import { ApiSchema } from '@nestjs/swagger';
import { ROLE_NAMES, RoleName, TeamView, UserView } from '../identity.dto';
import {
  Agrees,
  CountProperty,
  EnumListProperty,
  EnumProperty,
  FlagProperty,
  IdListProperty,
  IdProperty,
  InstantProperty,
  JsonObjectProperty,
  NullableIdProperty,
  NullableInstantProperty,
  NullableTextProperty,
  pageSchemaOf,
  TextProperty,
  ViewProperty,
} from './view-properties';

@ApiSchema({ name: 'UserView', description: 'A user as the API shows it: never the password hash' })
export class UserViewSchema {
  @IdProperty() id: string;
  @TextProperty({ example: 'nguyen.van.a' }) username: string;
  @TextProperty({ example: 'Nguyễn Văn A' }) fullName: string;
  @IdProperty() orgUnitId: string;
  @EnumListProperty(ROLE_NAMES) roles: RoleName[];
  @FlagProperty() active: boolean;
  @InstantProperty() createdAt: string;
}

@ApiSchema({ name: 'MyUnit', description: 'The signed-in user’s unit' })
export class MyUnitSchema {
  @IdProperty() id: string;
  @TextProperty() name: string;
  @NullableTextProperty() code: string | null;
  @NullableIdProperty({ description: 'null for the root' }) parentId: string | null;
}

@ApiSchema({ name: 'MeView', description: 'The signed-in user, with their unit' })
export class MeViewSchema extends UserViewSchema {
  @ViewProperty(() => MyUnitSchema) unit: MyUnitSchema;
}

@ApiSchema({ name: 'TokenPair', description: 'A new access token and the refresh token that renews it (rotated on every use)' })
export class TokenPairSchema {
  @TextProperty({ description: 'a JWT for Authorization: Bearer' }) accessToken: string;
  @TextProperty({ description: 'one use only: POST /auth/refresh answers the next pair' }) refreshToken: string;
}

@ApiSchema({ name: 'LoginResult', description: 'The tokens and who signed in (as GET /me shows them)' })
export class LoginResultSchema extends TokenPairSchema {
  @ViewProperty(() => MeViewSchema) user: MeViewSchema;
}

@ApiSchema({ name: 'WebAccessToken', description: 'The web app’s access token; its refresh token is in an HttpOnly cookie' })
export class WebAccessTokenSchema {
  @TextProperty() accessToken: string;
  @InstantProperty({ description: 'when the access token expires: renew before' }) expiresAt: string;
}

@ApiSchema({ name: 'WebSignInResult', description: 'The web app’s access token and who signed in (as GET /me shows them)' })
export class WebSignInResultSchema extends WebAccessTokenSchema {
  @ViewProperty(() => MeViewSchema) user: MeViewSchema;
}

@ApiSchema({ name: 'TeamView' })
export class TeamViewSchema {
  @IdProperty() id: string;
  @TextProperty() name: string;
  @IdProperty() orgUnitId: string;
  @IdListProperty() memberIds: string[];
  @InstantProperty() createdAt: string;
}

@ApiSchema({ name: 'OrgUnitView', description: 'A unit of the organisation tree' })
export class OrgUnitViewSchema {
  @IdProperty() id: string;
  @TextProperty() name: string;
  @NullableTextProperty() code: string | null;
  @NullableIdProperty({ description: 'null for the root' }) parentId: string | null;
  @FlagProperty({ description: 'false once deactivated: no new members or child units' }) active: boolean;
  @NullableInstantProperty({ description: 'when it was deactivated; null while active' }) deactivatedAt: string | null;
  @InstantProperty() createdAt: string;
  @InstantProperty() updatedAt: string;
}

@ApiSchema({ name: 'SubtreeSummary', description: 'What moving a unit carries along' })
export class SubtreeSummarySchema {
  @CountProperty({ description: 'units of the subtree, the unit itself included', example: 4 }) units: number;
  @CountProperty({ description: 'active members in those units', example: 37 }) members: number;
}

@ApiSchema({ name: 'JobAccepted', description: 'Work handed to a job: follow it at GET /jobs/{jobId}' })
export class JobAcceptedSchema {
  @TextProperty({ format: 'uuid' }) jobId: string;
}

@ApiSchema({ name: 'JobProgress' })
export class JobProgressSchema {
  @CountProperty({ required: false, example: 10 }) done?: number;
  @CountProperty({ required: false, example: 100 }) total?: number;
}

@ApiSchema({ name: 'JobView', description: 'A background job’s progress and, once done, its result' })
export class JobViewSchema {
  @TextProperty({ format: 'uuid' }) id: string;
  @TextProperty({ example: 'identity' }) queue: string;
  @TextProperty({ example: 'users.import' }) name: string;
  @EnumProperty(['queued', 'running', 'done', 'failed']) status: 'queued' | 'running' | 'done' | 'failed';
  @ViewProperty(() => JobProgressSchema) progress: JobProgressSchema;
  @JsonObjectProperty({ description: 'what the job left when it finished (per job name); null before' }) result: unknown;
  @NullableTextProperty() error: string | null;
  @CountProperty({ example: 1 }) attempts: number;
  @NullableIdProperty() createdBy: string | null;
  @InstantProperty() createdAt: string;
  @NullableInstantProperty() startedAt: string | null;
  @NullableInstantProperty() finishedAt: string | null;
  @NullableInstantProperty({ description: 'set while a failed job waits to be tried again' }) retryAfter: string | null;
}

@ApiSchema({ name: 'AuditEntryView', description: 'One write by a secretariat or admin' })
export class AuditEntryViewSchema {
  @IdProperty() id: string;
  @NullableIdProperty({ description: 'null for a system write' }) actorId: string | null;
  @TextProperty({ example: 'user.create' }) action: string;
  @TextProperty({ example: 'user' }) entityType: string;
  @NullableTextProperty() entityId: string | null;
  @JsonObjectProperty() before: unknown;
  @JsonObjectProperty() after: unknown;
  @NullableTextProperty() requestId: string | null;
  @InstantProperty() createdAt: string;
}

export const UserPageSchema = pageSchemaOf(UserViewSchema, 'UserPage');
export const TeamPageSchema = pageSchemaOf(TeamViewSchema, 'TeamPage');
export const OrgUnitPageSchema = pageSchemaOf(OrgUnitViewSchema, 'OrgUnitPage');
export const AuditEntryPageSchema = pageSchemaOf(AuditEntryViewSchema, 'AuditEntryPage');

// The documented classes mirror the views the services return (compile-time).
const agreement: [Agrees<UserViewSchema, UserView>, Agrees<TeamViewSchema, TeamView>] = [true, true];
void agreement;
