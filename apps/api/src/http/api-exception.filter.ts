import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AccessError, AccessErrorCode } from '@app/access';
import { ActionError, ActionErrorCode } from '@app/actions';
import { ContentError, ContentErrorCode } from '@app/content';
import { DomainError, InvalidInputError } from '@app/contracts';
import { IdentityError, IdentityErrorCode } from '@app/identity';
import { OrganisationError, OrganisationErrorCode } from '@app/organisation';
import { ReportingError, ReportingErrorCode } from '@app/reporting';
import { TaskError, TaskErrorCode } from '@app/tasks';
import { requestIdOf } from '@app/runtime';
import { SurveyError, SurveyErrorCode } from '@app/surveys';
import { TakedownError, TakedownErrorCode } from '@app/takedowns';

/** The error body of the contract: `{ statusCode, error, message }`, plus the field when one is to blame. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  requestId?: string;
  /** With a 409 for a duplicate: the record that already exists. */
  existingId?: string;
}

/**
 * Turns every error into the contract's JSON. Domain codes map to statuses through one
 * complete table per context; anything unknown is a 500 that shows only a correlation id.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const requestId = requestIdOf(request.raw);
    const mapped = toErrorBody(exception);
    if (mapped.statusCode >= 500) {
      this.logger.error({ err: exception, requestId }, 'unhandled error');
      mapped.requestId = requestId;
    }
    if (exception instanceof DomainError && exception.retryAfterSeconds) {
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    }
    void reply.status(mapped.statusCode).send(mapped);
  }
}

/** Maps any thrown value to the error body; exported for the raw fastify error handler. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof DomainError) return fromDomainError(exception);
  if (exception instanceof InvalidInputError) return body(HttpStatus.BAD_REQUEST, exception.message, exception.field);
  const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    // fastify's own refusals come before any route reads the request: the body itself is at fault.
    return body(fastifyStatus, (exception as Error).message, 'body');
  }
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
}

function fromDomainError(exception: DomainError): ErrorBody {
  const status = DOMAIN_STATUS.get(exception.constructor)?.[exception.code];
  // A context without a table is a bug: show nothing of it.
  if (status === undefined) return body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  const mapped = body(status, exception.message, exception.field);
  return exception.existingId ? { ...mapped, existingId: exception.existingId } : mapped;
}

function body(statusCode: number, message: string, field?: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(field ? { field } : {}) };
}

/**
 * HttpExceptions come only from the framework here (routes throw domain errors): an unknown
 * route, or what fastify refused before any route ran, which Nest rethrows as an
 * HttpException. The latter are about the body: JSON that does not parse, a media type no
 * parser takes, a body over the limit.
 */
const REFUSED_BODY: readonly number[] = [HttpStatus.BAD_REQUEST, HttpStatus.PAYLOAD_TOO_LARGE, HttpStatus.UNSUPPORTED_MEDIA_TYPE];

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
  return body(status, message, REFUSED_BODY.includes(status) ? 'body' : undefined);
}

/** A context's error class with its status table; the compiler checks the table names every code. */
type StatusTable<C extends string> = [new (code: C, message: string) => DomainError<C>, Record<C, HttpStatus>];
const table = <C extends string>(errorClass: StatusTable<C>[0], statuses: Record<C, HttpStatus>): StatusTable<string> =>
  [errorClass, statuses] as unknown as StatusTable<string>;

/** The one status of every domain code, by the context whose error carries it. */
const DOMAIN_STATUS = new Map<unknown, Record<string, HttpStatus>>([
  table(AccessError, {
    [AccessErrorCode.NotFound]: HttpStatus.NOT_FOUND,
    [AccessErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
    [AccessErrorCode.QuotaExceeded]: HttpStatus.TOO_MANY_REQUESTS,
  }),
  table(IdentityError, {
    [IdentityErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
    [IdentityErrorCode.InvalidToken]: HttpStatus.UNAUTHORIZED,
    [IdentityErrorCode.RefreshTokenReused]: HttpStatus.UNAUTHORIZED,
    [IdentityErrorCode.TooManyAttempts]: HttpStatus.TOO_MANY_REQUESTS,
    [IdentityErrorCode.RateLimiterUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
    [IdentityErrorCode.UsernameTaken]: HttpStatus.CONFLICT,
    [IdentityErrorCode.TeamNameTaken]: HttpStatus.CONFLICT,
    [IdentityErrorCode.InvalidImportFile]: HttpStatus.BAD_REQUEST,
  }),
  table(OrganisationError, {
    [OrganisationErrorCode.UnitCodeTaken]: HttpStatus.CONFLICT,
    [OrganisationErrorCode.MoveCreatesCycle]: HttpStatus.CONFLICT,
    [OrganisationErrorCode.RootRequiresAdmin]: HttpStatus.BAD_REQUEST,
    [OrganisationErrorCode.UnitHasActiveMembers]: HttpStatus.CONFLICT,
    [OrganisationErrorCode.UnitHasActiveUnits]: HttpStatus.CONFLICT,
    [OrganisationErrorCode.UnitInactive]: HttpStatus.CONFLICT,
  }),
  table(SurveyError, {
    [SurveyErrorCode.InvalidDates]: HttpStatus.BAD_REQUEST,
    [SurveyErrorCode.InvalidQuestion]: HttpStatus.BAD_REQUEST,
    [SurveyErrorCode.InvalidAnswer]: HttpStatus.BAD_REQUEST,
    [SurveyErrorCode.UnitNotParticipating]: HttpStatus.BAD_REQUEST,
    [SurveyErrorCode.IdempotencyKeyReused]: HttpStatus.UNPROCESSABLE_ENTITY,
  }),
  table(ContentError, {
    [ContentErrorCode.DuplicateUrl]: HttpStatus.CONFLICT,
    [ContentErrorCode.InvalidUrl]: HttpStatus.BAD_REQUEST,
    [ContentErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  }),
  table(TaskError, {
    [TaskErrorCode.NotFound]: HttpStatus.NOT_FOUND,
    [TaskErrorCode.NoAssignees]: HttpStatus.BAD_REQUEST,
    [TaskErrorCode.InvalidUrl]: HttpStatus.BAD_REQUEST,
    [TaskErrorCode.TaskClosed]: HttpStatus.CONFLICT,
    [TaskErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
  }),
  table(ActionError, {
    [ActionErrorCode.InvalidAction]: HttpStatus.BAD_REQUEST,
    [ActionErrorCode.IdempotencyKeyReused]: HttpStatus.UNPROCESSABLE_ENTITY,
    [ActionErrorCode.NotWritten]: HttpStatus.SERVICE_UNAVAILABLE,
  }),
  table(TakedownError, {
    [TakedownErrorCode.NotFound]: HttpStatus.NOT_FOUND,
    [TakedownErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
    [TakedownErrorCode.UnsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    [TakedownErrorCode.FileTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
    [TakedownErrorCode.IdempotencyKeyReused]: HttpStatus.UNPROCESSABLE_ENTITY,
  }),
  table(ReportingError, {
    [ReportingErrorCode.NotFound]: HttpStatus.NOT_FOUND,
    [ReportingErrorCode.InvalidTemplate]: HttpStatus.BAD_REQUEST,
  }),
]);
