import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@app/audit';
import {
  ApiAnswers,
  AuditEntryPageSchema,
  AuditQueryDto,
  DEFAULT_PAGE_SIZE,
  decodeIdCursor,
  pageOf,
  QUERY,
  SIGNED_IN,
} from '@app/contracts';
import { Requires } from './http/access.decorators';

/** The audit trail, newest first (admins only). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Requires('audit:read')
  @Get()
  @ApiAnswers({ summary: 'The audit trail, newest first', type: AuditEntryPageSchema, errors: [...SIGNED_IN, ...QUERY] })
  async list(@Query() query: AuditQueryDto) {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.audit.list({
      beforeId: decodeIdCursor(query.cursor),
      entityType: query.entityType,
      actorId: query.actorId,
      action: query.action,
      from: query.from,
      to: query.to,
      limit: limit + 1,
    });
    return pageOf(rows, limit);
  }
}
