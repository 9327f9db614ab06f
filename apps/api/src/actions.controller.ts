import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Actor } from '@app/access';
import { ActionsService } from '@app/actions';
import {
  ActionBatchResultSchema,
  ActionPageSchema,
  ActionViewSchema,
  ApiAnswers,
  checkBatchEnvelope,
  checkLogAction,
  DEFAULT_PAGE_SIZE,
  idempotencyKeyOf,
  JSON_BODY,
  ListActionsQueryDto,
  LogActionBatchDto,
  LogActionDto,
  QUERY,
  SIGNED_IN,
} from '@app/contracts';
import { toErrorBody } from './http/api-exception.filter';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('actions')
@ApiBearerAuth()
@Controller('actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  /** 201 when written now; 200 with the stored action when the same Idempotency-Key and body come again. */
  @Requires('actions:write')
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ type: LogActionDto })
  @ApiAnswers({
    summary: 'Record a share, post, comment or reaction (201; 200 when an Idempotency-Key replays it)',
    status: 201,
    type: ActionViewSchema,
    description: 'Written now',
    errors: [...SIGNED_IN, ...JSON_BODY, 404, 422, 503],
  })
  @ApiOkResponse({ type: ActionViewSchema, description: 'The same Idempotency-Key and body again: the stored action' })
  async log(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // Typed unknown so the global ValidationPipe passes it by; checkLogAction holds the same rules.
    const logged = await this.actions.log(actor, checkLogAction(body), idempotencyKeyOf(key));
    void reply.status(logged.created ? 201 : 200);
    return logged.action;
  }

  /** A phone's offline backlog: each item answered on its own (status 201 or 200 with the action's id, 4xx with the error, or 503: not written now, send it again). */
  @Requires('actions:write')
  @Post('batch')
  @HttpCode(200)
  @ApiBody({ type: LogActionBatchDto })
  @ApiAnswers({
    summary: 'Send an offline backlog: each item answered on its own, 503 items to send again',
    type: ActionBatchResultSchema,
    errors: [...SIGNED_IN, ...JSON_BODY],
  })
  async logBatch(@CurrentActor() actor: Actor, @Body() body: unknown) {
    // Typed unknown so the global ValidationPipe passes it by; the envelope and items are checked by hand.
    const results = await this.actions.logBatch(actor, checkBatchEnvelope(body));
    return {
      results: results.map((result) =>
        'id' in result
          ? { clientId: result.clientId, status: result.created ? 201 : 200, id: result.id }
          : { clientId: result.clientId, ...errorOf(result.error) },
      ),
    };
  }

  /** The drill-down: the rows behind the share, reach and interaction figures. */
  @Requires('actions:read')
  @Get()
  @ApiAnswers({
    summary: 'Actions in the caller’s scope: the rows behind shares, reach and interactions',
    type: ActionPageSchema,
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListActionsQueryDto) {
    return this.actions.list(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }
}

/** An item's error as its result; an error nobody expected fails the whole request instead. */
function errorOf(error: unknown) {
  const body = toErrorBody(error);
  if (body.statusCode === 500) throw error;
  return { status: body.statusCode, error: body };
}
