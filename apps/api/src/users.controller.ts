import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Actor } from '@app/access';
import { CreateUserDto, DEFAULT_PAGE_SIZE, InvalidInputError, ListUsersQueryDto, UpdateUserDto } from '@app/contracts';
import { MAX_IMPORT_BYTES, UserImportService, UsersService } from '@app/identity';
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
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto) {
    return this.users.create(actor, body, actor.requestId);
  }

  @Requires('users:read')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQueryDto) {
    return this.users.list(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('users:read')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.users.get(actor, id);
  }

  /** Deactivate (active: false), change roles, rename, move to another unit, reset the password. */
  @Requires('users:write')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateUserDto) {
    return this.users.update(actor, id, body, actor.requestId);
  }

  @Requires('users:write')
  @Post('import')
  @HttpCode(202)
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
