/**
 * Compile-time proof that the documented response classes (libs/contracts/src/views) are
 * the views the libraries really return: `npm run typecheck` fails when either side gains,
 * loses or retypes a field without the other. (Views declared in libs/contracts are checked
 * beside their classes; these live in libraries that libs/contracts cannot import.)
 */
import { ActionView } from '@app/actions';
import { AuditEntryEntity } from '@app/audit';
import { ContentView } from '@app/content';
import {
  ActionViewSchema,
  Agrees,
  ApiErrorSchema,
  AssignmentTaskSchema,
  AssignmentViewSchema,
  AuditEntryViewSchema,
  ContentViewSchema,
  CreatedTaskViewSchema,
  HealthViewSchema,
  JobViewSchema,
  LeaderboardSchema,
  LoginResultSchema,
  MeViewSchema,
  OrgUnitViewSchema,
  TaskAssigneesSchema,
  TaskViewSchema,
  TokenPairSchema,
  WebAccessTokenSchema,
  WebSignInResultSchema,
} from '@app/contracts';
import { AuthService, TokenPair } from '@app/identity';
import { UnitView } from '@app/organisation';
import { JobEntity } from '@app/queue-contracts';
import { StatsService } from '@app/stats';
import { AssignmentView, TaskAssignees, TaskView, TasksService } from '@app/tasks';
import { HealthReport } from '../../apps/api/src/health.controller';
import { ErrorBody } from '../../apps/api/src/http/api-exception.filter';

type Returned<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
/** describe() declares its unit without the parentId its query also selects; the class documents what is sent. */
type Described = Omit<Returned<AuthService['describe']>, 'unit'> & {
  unit: Returned<AuthService['describe']>['unit'] & { parentId: string | null };
};

export const VIEW_AGREEMENT: [
  Agrees<ActionViewSchema, ActionView>,
  Agrees<TaskViewSchema, TaskView>,
  Agrees<TaskAssigneesSchema, TaskAssignees>,
  Agrees<CreatedTaskViewSchema, Returned<TasksService['create']>>,
  Agrees<AssignmentViewSchema, AssignmentView>,
  Agrees<AssignmentTaskSchema, NonNullable<AssignmentView['task']>>,
  Agrees<ContentViewSchema, ContentView>,
  Agrees<OrgUnitViewSchema, UnitView>,
  Agrees<TokenPairSchema, TokenPair>,
  // login declares its user as a UserView but answers describe(), as GET /me does: the class documents what is sent.
  Agrees<LoginResultSchema, TokenPair & { user: Described }>,
  Agrees<MeViewSchema, Described>,
  Agrees<JobViewSchema, Omit<JobEntity, 'payload'>>,
  Agrees<AuditEntryViewSchema, AuditEntryEntity>,
  Agrees<LeaderboardSchema, Returned<StatsService['leaderboard']>>,
  Agrees<HealthViewSchema, HealthReport>,
  Agrees<ApiErrorSchema, ErrorBody>,
  Agrees<WebAccessTokenSchema, { accessToken: string; expiresAt: string }>,
  Agrees<WebSignInResultSchema, { accessToken: string; expiresAt: string; user: Described }>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
