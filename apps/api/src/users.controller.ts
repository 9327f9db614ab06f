import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  BY_ID,
  CreateUserDto,
  DEFAULT_PAGE_SIZE,
  InvalidInputError,
  JobAcceptedSchema,
  JSON_BODY,
  ListUsersQueryDto,
  QUERY,
  SIGNED_IN,
  UpdateUserDto,
  UserPageSchema,
  UserViewSchema,
} from '@app/contracts';
import { MAX_IMPORT_BYTES, UserImportService, UsersService } from '@app/identity';
import { IdParamPipe } from './http/id-param.pipe';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';
import { readUploadedFile } from './http/upload';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly imports: UserImportService,
  ) {}

  @Requires('users:write')
  @Post()
  @ApiAnswers({
    summary: 'Create a user in a unit of the caller’s scope (409 when the username is taken)',
    status: 201,
    type: UserViewSchema,
    errors: [...SIGNED_IN, ...JSON_BODY, 404, 409],
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto) {
    return this.users.create(actor, body, actor.requestId);
  }

  @Requires('users:read')
  @Get()
  @ApiAnswers({ summary: 'Users of the caller’s scope', type: UserPageSchema, errors: [...SIGNED_IN, ...QUERY, 404] })
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQueryDto) {
    return this.users.list(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('users:read')
  @Get(':id')
  @ApiAnswers({ summary: 'One user', type: UserViewSchema, errors: [...SIGNED_IN, ...BY_ID] })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string) {
    return this.users.get(actor, id);
  }

  /** Deactivate (active: false), change roles, rename, move to another unit, reset the password. */
  @Requires('users:write')
  @Patch(':id')
  @ApiAnswers({
    summary: 'Deactivate, change roles, rename, move to another unit or reset the password',
    type: UserViewSchema,
    errors: [...SIGNED_IN, ...BY_ID, ...JSON_BODY, 409],
  })
  update(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(actor, id, body, actor.requestId);
  }

  @Requires('users:write')
  @Post('import')
  @HttpCode(202)
  @ApiAnswers({
    summary: 'Import users from a CSV: a job creates them (GET /jobs/{jobId} for each row’s outcome)',
    status: 202,
    type: JobAcceptedSchema,
    errors: [...SIGNED_IN, 400, 413, 415],
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
    description: 'CSV with the header username,fullName,orgUnitCode,roles,password',
  })
  async import(@CurrentActor() actor: Actor, @Req() request: FastifyRequest) {
    const csv = await readCsvUpload(request);
    return this.imports.request(actor, csv, actor.requestId);
  }
}

async function readCsvUpload(request: FastifyRequest): Promise<string> {
  const content = await readUploadedFile(request, MAX_IMPORT_BYTES, 'the CSV');
  const text = content.toString('utf8');
  if (text.includes('\u0000') || text.includes('\uFFFD')) {
    throw new InvalidInputError('file', 'file must be UTF-8 text without NUL bytes');
  }
  return text.normalize('NFC');
}
