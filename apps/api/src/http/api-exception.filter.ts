import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AccessError, AccessErrorCode } from '@app/access';
import { ActionError, ActionErrorCode } from '@app/actions';
import { ContentError, ContentErrorCode } from '@app/content';
import { InvalidInputError } from '@app/contracts';
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
 * Turns every error into the contract's JSON. Domain codes map to statuses through
 * exhaustive switches; anything unknown is a 500 that shows only a correlation id.
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
    if (exception instanceof IdentityError && exception.retryAfterSeconds) {
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    }
    void reply.status(mapped.statusCode).send(mapped);
  }
}

/** Maps any thrown value to the error body; exported for the raw fastify error handler. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof AccessError) return body(accessStatus(exception.code), exception.message, exception.field);
  if (exception instanceof IdentityError) return body(identityStatus(exception.code), exception.message, exception.field);
  if (exception instanceof OrganisationError) {
    return body(organisationStatus(exception.code), exception.message, exception.field);
  }
  if (exception instanceof SurveyError) return body(surveyStatus(exception.code), exception.message, exception.field);
  if (exception instanceof ContentError) {
    const mapped = body(contentStatus(exception.code), exception.message, exception.field);
    return exception.existingId ? { ...mapped, existingId: exception.existingId } : mapped;
  }
  if (exception instanceof TaskError) return body(taskStatus(exception.code), exception.message, exception.field);
  if (exception instanceof ActionError) return body(actionStatus(exception.code), exception.message, exception.field);
  if (exception instanceof TakedownError) return body(takedownStatus(exception.code), exception.message, exception.field);
  if (exception instanceof ReportingError) return body(reportingStatus(exception.code), exception.message, exception.field);
  if (exception instanceof InvalidInputError) return body(HttpStatus.BAD_REQUEST, exception.message, exception.field);
  const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    // fastify's own refusals come before any route reads the request: the body itself is at fault.
    return body(fastifyStatus, (exception as Error).message, 'body');
  }
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
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

function accessStatus(code: AccessErrorCode): number {
  switch (code) {
    case AccessErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case AccessErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
  }
}

function identityStatus(code: IdentityErrorCode): number {
  switch (code) {
    case IdentityErrorCode.InvalidCredentials:
    case IdentityErrorCode.InvalidToken:
    case IdentityErrorCode.RefreshTokenReused:
      return HttpStatus.UNAUTHORIZED;
    case IdentityErrorCode.TooManyAttempts:
      return HttpStatus.TOO_MANY_REQUESTS;
    case IdentityErrorCode.RateLimiterUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case IdentityErrorCode.UsernameTaken:
    case IdentityErrorCode.TeamNameTaken:
      return HttpStatus.CONFLICT;
    case IdentityErrorCode.InvalidImportFile:
      return HttpStatus.BAD_REQUEST;
  }
}

function organisationStatus(code: OrganisationErrorCode): number {
  switch (code) {
    case OrganisationErrorCode.UnitCodeTaken:
      return HttpStatus.CONFLICT;
    case OrganisationErrorCode.MoveCreatesCycle:
      return HttpStatus.CONFLICT;
    case OrganisationErrorCode.RootRequiresAdmin:
      return HttpStatus.BAD_REQUEST;
  }
}

function surveyStatus(code: SurveyErrorCode): number {
  switch (code) {
    case SurveyErrorCode.InvalidDates:
    case SurveyErrorCode.InvalidQuestion:
    case SurveyErrorCode.InvalidAnswer:
    case SurveyErrorCode.UnitNotParticipating:
      return HttpStatus.BAD_REQUEST;
    case SurveyErrorCode.IdempotencyKeyReused:
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

function contentStatus(code: ContentErrorCode): number {
  switch (code) {
    case ContentErrorCode.DuplicateUrl:
      return HttpStatus.CONFLICT;
    case ContentErrorCode.InvalidUrl:
      return HttpStatus.BAD_REQUEST;
    case ContentErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
  }
}

function taskStatus(code: TaskErrorCode): number {
  switch (code) {
    case TaskErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case TaskErrorCode.NoAssignees:
    case TaskErrorCode.InvalidUrl:
      return HttpStatus.BAD_REQUEST;
    case TaskErrorCode.TaskClosed:
    case TaskErrorCode.InvalidTransition:
      return HttpStatus.CONFLICT;
  }
}

function actionStatus(code: ActionErrorCode): number {
  switch (code) {
    case ActionErrorCode.InvalidAction:
      return HttpStatus.BAD_REQUEST;
    case ActionErrorCode.IdempotencyConflict:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ActionErrorCode.NotWritten:
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

function takedownStatus(code: TakedownErrorCode): number {
  switch (code) {
    case TakedownErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case TakedownErrorCode.InvalidTransition:
      return HttpStatus.CONFLICT;
    case TakedownErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case TakedownErrorCode.FileTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case TakedownErrorCode.IdempotencyConflict:
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

function reportingStatus(code: ReportingErrorCode): number {
  switch (code) {
    case ReportingErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ReportingErrorCode.InvalidTemplate:
      return HttpStatus.BAD_REQUEST;
  }
}
