import { ArgumentsHost, BadRequestException, ForbiddenException, HttpException, Logger, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { AccessError, AccessErrorCode } from '@app/access';
import { ActionError, ActionErrorCode } from '@app/actions';
import { ContentError, ContentErrorCode } from '@app/content';
import { DomainError, InvalidInputError } from '@app/contracts';
import { IdentityError, IdentityErrorCode } from '@app/identity';
import { OrganisationError, OrganisationErrorCode } from '@app/organisation';
import { ReportingError, ReportingErrorCode } from '@app/reporting';
import { SurveyError, SurveyErrorCode } from '@app/surveys';
import { TakedownError, TakedownErrorCode } from '@app/takedowns';
import { TaskError, TaskErrorCode } from '@app/tasks';
import { ApiExceptionFilter, toErrorBody } from './api-exception.filter';

/** Every domain code with the status the contract gives it, written out by hand. */
const ACCESS: Record<AccessErrorCode, [number, string]> = {
  [AccessErrorCode.NotFound]: [404, 'Not Found'],
  [AccessErrorCode.Forbidden]: [403, 'Forbidden'],
  [AccessErrorCode.QuotaExceeded]: [429, 'Too Many Requests'],
};
const IDENTITY: Record<IdentityErrorCode, [number, string]> = {
  [IdentityErrorCode.InvalidCredentials]: [401, 'Unauthorized'],
  [IdentityErrorCode.InvalidToken]: [401, 'Unauthorized'],
  [IdentityErrorCode.RefreshTokenReused]: [401, 'Unauthorized'],
  [IdentityErrorCode.TooManyAttempts]: [429, 'Too Many Requests'],
  [IdentityErrorCode.RateLimiterUnavailable]: [503, 'Service Unavailable'],
  [IdentityErrorCode.UsernameTaken]: [409, 'Conflict'],
  [IdentityErrorCode.TeamNameTaken]: [409, 'Conflict'],
  [IdentityErrorCode.InvalidImportFile]: [400, 'Bad Request'],
};
const ORGANISATION: Record<OrganisationErrorCode, [number, string]> = {
  [OrganisationErrorCode.UnitCodeTaken]: [409, 'Conflict'],
  [OrganisationErrorCode.MoveCreatesCycle]: [409, 'Conflict'],
  [OrganisationErrorCode.RootRequiresAdmin]: [400, 'Bad Request'],
  [OrganisationErrorCode.UnitHasActiveMembers]: [409, 'Conflict'],
  [OrganisationErrorCode.UnitHasActiveUnits]: [409, 'Conflict'],
  [OrganisationErrorCode.UnitInactive]: [409, 'Conflict'],
};
const TAKEDOWN: Record<TakedownErrorCode, [number, string]> = {
  [TakedownErrorCode.NotFound]: [404, 'Not Found'],
  [TakedownErrorCode.InvalidTransition]: [409, 'Conflict'],
  [TakedownErrorCode.UnsupportedMediaType]: [415, 'Unsupported Media Type'],
  [TakedownErrorCode.FileTooLarge]: [413, 'Payload Too Large'],
  [TakedownErrorCode.IdempotencyKeyReused]: [422, 'Unprocessable Entity'],
};
const REPORTING: Record<ReportingErrorCode, [number, string]> = {
  [ReportingErrorCode.NotFound]: [404, 'Not Found'],
  [ReportingErrorCode.InvalidTemplate]: [400, 'Bad Request'],
};
const SURVEY: Record<SurveyErrorCode, [number, string]> = {
  [SurveyErrorCode.InvalidDates]: [400, 'Bad Request'],
  [SurveyErrorCode.InvalidQuestion]: [400, 'Bad Request'],
  [SurveyErrorCode.InvalidAnswer]: [400, 'Bad Request'],
  [SurveyErrorCode.UnitNotParticipating]: [400, 'Bad Request'],
  [SurveyErrorCode.IdempotencyKeyReused]: [422, 'Unprocessable Entity'],
};
const CONTENT: Record<ContentErrorCode, [number, string]> = {
  [ContentErrorCode.DuplicateUrl]: [409, 'Conflict'],
  [ContentErrorCode.InvalidUrl]: [400, 'Bad Request'],
  [ContentErrorCode.NotFound]: [404, 'Not Found'],
};
const TASK: Record<TaskErrorCode, [number, string]> = {
  [TaskErrorCode.NotFound]: [404, 'Not Found'],
  [TaskErrorCode.NoAssignees]: [400, 'Bad Request'],
  [TaskErrorCode.InvalidUrl]: [400, 'Bad Request'],
  [TaskErrorCode.TaskClosed]: [409, 'Conflict'],
  [TaskErrorCode.InvalidTransition]: [409, 'Conflict'],
};
const ACTION: Record<ActionErrorCode, [number, string]> = {
  [ActionErrorCode.InvalidAction]: [400, 'Bad Request'],
  [ActionErrorCode.IdempotencyKeyReused]: [422, 'Unprocessable Entity'],
  [ActionErrorCode.NotWritten]: [503, 'Service Unavailable'],
};

const cases = <C extends string>(table: Record<C, [number, string]>) =>
  (Object.entries(table) as [C, [number, string]][]).map(([code, [status, error]]) => [code, status, error] as const);

describe('toErrorBody', () => {
  it('has a row for every code of every domain error', () => {
    expect(Object.keys(ACCESS).sort()).toEqual(Object.values(AccessErrorCode).sort());
    expect(Object.keys(IDENTITY).sort()).toEqual(Object.values(IdentityErrorCode).sort());
    expect(Object.keys(ORGANISATION).sort()).toEqual(Object.values(OrganisationErrorCode).sort());
    expect(Object.keys(TAKEDOWN).sort()).toEqual(Object.values(TakedownErrorCode).sort());
    expect(Object.keys(REPORTING).sort()).toEqual(Object.values(ReportingErrorCode).sort());
    expect(Object.keys(SURVEY).sort()).toEqual(Object.values(SurveyErrorCode).sort());
    expect(Object.keys(CONTENT).sort()).toEqual(Object.values(ContentErrorCode).sort());
    expect(Object.keys(TASK).sort()).toEqual(Object.values(TaskErrorCode).sort());
    expect(Object.keys(ACTION).sort()).toEqual(Object.values(ActionErrorCode).sort());
  });

  /** The four contexts not tested above, each with its table. */
  const CONTEXTS: [string, new (code: never, message: string, field?: string) => DomainError, Record<string, [number, string]>][] = [
    ['SurveyError', SurveyError, SURVEY],
    ['ContentError', ContentError, CONTENT],
    ['TaskError', TaskError, TASK],
    ['ActionError', ActionError, ACTION],
  ];
  const contextCases = CONTEXTS.flatMap(([name, errorClass, table]) =>
    cases(table).map(([code, status, error]) => [name, errorClass, code, status, error] as const),
  );

  it.each(contextCases)('maps %s %s to %i %s', (_name, errorClass, code, status, error) => {
    expect(toErrorBody(new errorClass(code as never, 'what happened', 'url'))).toEqual({
      statusCode: status,
      error,
      message: 'what happened',
      field: 'url',
    });
  });

  it('hands a duplicate its existing record', () => {
    const duplicate = new ContentError(ContentErrorCode.DuplicateUrl, 'url is already registered', 'url', { existingId: '7' });
    expect(toErrorBody(duplicate)).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'url is already registered',
      field: 'url',
      existingId: '7',
    });
  });

  it('answers a domain error of a context with no status table as a bare 500', () => {
    class UnmappedError extends DomainError<'SOMETHING'> {}
    expect(toErrorBody(new UnmappedError('SOMETHING', 'internal detail', 'x'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });

  it.each(cases(ACCESS))('maps AccessError %s to %i %s', (code, status, error) => {
    expect(toErrorBody(new AccessError(code, 'orgUnitId does not name a unit you can see', 'orgUnitId'))).toEqual({
      statusCode: status,
      error,
      message: 'orgUnitId does not name a unit you can see',
      field: 'orgUnitId',
    });
  });

  it.each(cases(IDENTITY))('maps IdentityError %s to %i %s', (code, status, error) => {
    expect(toErrorBody(new IdentityError(code, 'what happened', 'username'))).toEqual({
      statusCode: status,
      error,
      message: 'what happened',
      field: 'username',
    });
  });

  it.each(cases(ORGANISATION))('maps OrganisationError %s to %i %s', (code, status, error) => {
    expect(toErrorBody(new OrganisationError(code, 'what happened', 'parentId'))).toEqual({
      statusCode: status,
      error,
      message: 'what happened',
      field: 'parentId',
    });
  });

  it.each(cases(TAKEDOWN))('maps TakedownError %s to %i %s', (code, status, error) => {
    expect(toErrorBody(new TakedownError(code, 'what happened', 'file'))).toEqual({
      statusCode: status,
      error,
      message: 'what happened',
      field: 'file',
    });
  });

  it.each(cases(REPORTING))('maps ReportingError %s to %i %s', (code, status, error) => {
    expect(toErrorBody(new ReportingError(code, 'body: unknown placeholders {{x}}', 'body'))).toEqual({
      statusCode: status,
      error,
      message: 'body: unknown placeholders {{x}}',
      field: 'body',
    });
  });

  it('leaves the field out when no field is to blame', () => {
    expect(toErrorBody(new AccessError(AccessErrorCode.Forbidden, 'your roles do not allow this'))).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'your roles do not allow this',
    });
  });

  it('maps InvalidInputError to 400 naming the field', () => {
    expect(toErrorBody(new InvalidInputError('cursor', 'cursor is not a cursor this API issued'))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'cursor is not a cursor this API issued',
      field: 'cursor',
    });
  });

  it('joins the messages of a framework 400 into one string, blaming the body', () => {
    const exception = new BadRequestException(['username must be 3-64 letters', 'password must be longer']);
    expect(toErrorBody(exception)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'username must be 3-64 letters; password must be longer',
      field: 'body',
    });
  });

  it.each<[string, HttpException, number, string, string]>([
    ['a string message', new NotFoundException('no such route'), 404, 'Not Found', 'no such route'],
    ['an object response', new ForbiddenException({ message: 'nope', secret: 'x' }), 403, 'Forbidden', 'nope'],
    ['a bare exception', new PayloadTooLargeException(), 413, 'Payload Too Large', 'Payload Too Large'],
    ['a plain string response', new HttpException('teapot', 418), 418, "I'm a Teapot", 'teapot'],
  ])('keeps the status and message of an HttpException with %s', (_case, exception, status, error, message) => {
    expect(toErrorBody(exception)).toMatchObject({ statusCode: status, error, message });
  });

  it('blames the body for what the framework refused before any route ran (400, 413, 415), not for a missing route', () => {
    expect(toErrorBody(new PayloadTooLargeException()).field).toBe('body');
    expect(toErrorBody(new HttpException("Unsupported Media Type: 'text/csv'", 415)).field).toBe('body');
    expect(toErrorBody(new NotFoundException('Cannot PUT /api/v1/me')).field).toBeUndefined();
    expect(toErrorBody(new ForbiddenException('nope')).field).toBeUndefined();
  });

  it('passes fastify’s own 4xx errors through with their status, blaming the body', () => {
    const error = Object.assign(new Error('Body cannot be empty when content-type is set to application/json'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_EMPTY_JSON_BODY',
    });
    expect(toErrorBody(error)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Body cannot be empty when content-type is set to application/json',
      field: 'body',
    });
    const tooLarge = Object.assign(new Error('request file too large'), { statusCode: 413 });
    expect(toErrorBody(tooLarge)).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it.each<[string, unknown]>([
    ['an Error with internals', new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2 at /srv/app/dist/main.js:12')],
    ['a database error', Object.assign(new Error('duplicate key value violates unique constraint "users_pkey"'), { code: '23505', detail: 'Key (id)=(1)' })],
    ['an error claiming a 5xx status', Object.assign(new Error('upstream exploded'), { statusCode: 502 })],
    ['an error claiming a nonsense status', Object.assign(new Error('weird'), { statusCode: '400' })],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'something broke'],
    ['null', null],
    ['undefined', undefined],
  ])('answers %s with a bare 500', (_case, exception) => {
    expect(toErrorBody(exception)).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  });
});

describe('ApiExceptionFilter', () => {
  const filter = new ApiExceptionFilter();

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));

  function run(exception: unknown, requestId = 'req-xyz-1') {
    const reply = {
      statusCode: 0,
      body: undefined as unknown,
      headers: {} as Record<string, string>,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      send(body: unknown) {
        this.body = body;
        return this;
      },
      header(name: string, value: string) {
        this.headers[name] = value;
        return this;
      },
    };
    const request = { raw: { headers: { 'x-request-id': requestId } } };
    const host = {
      switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }),
    } as unknown as ArgumentsHost;
    filter.catch(exception, host);
    return reply;
  }

  it('sends the mapped body with its status', () => {
    const reply = run(new OrganisationError(OrganisationErrorCode.UnitCodeTaken, 'code "X" is already used', 'code'));
    expect(reply.statusCode).toBe(409);
    expect(reply.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'code "X" is already used', field: 'code' });
  });

  it('gives a 500 the request id as correlation and nothing internal', () => {
    const reply = run(new Error('relation "users" does not exist'), 'req-corr-7');
    expect(reply.statusCode).toBe(500);
    expect(reply.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      requestId: 'req-corr-7',
    });
  });

  it('does not add the request id to 4xx answers', () => {
    expect(run(new AccessError(AccessErrorCode.NotFound, 'user not found')).body).not.toHaveProperty('requestId');
  });

  it('tells a rate-limited caller when to retry', () => {
    const reply = run(new IdentityError(IdentityErrorCode.TooManyAttempts, 'slow down', undefined, { retryAfterSeconds: 42 }));
    expect(reply.statusCode).toBe(429);
    expect(reply.headers['retry-after']).toBe('42');
  });

  it('tells a caller over the API quota when to retry, without a sign-in code', () => {
    const reply = run(new AccessError(AccessErrorCode.QuotaExceeded, 'Too many requests; slow down', undefined, { retryAfterSeconds: 7 }));
    expect(reply.statusCode).toBe(429);
    expect(reply.headers['retry-after']).toBe('7');
  });
});
