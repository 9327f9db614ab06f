import { Body, Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  JSON_BODY,
  PushKeyViewSchema,
  PushSubscriptionViewSchema,
  RegisterPushSubscriptionDto,
  RemovePushSubscriptionDto,
  SIGNED_IN_ANY_ROLE,
} from '@app/contracts';
import { PushSubscriptionsService } from '@app/notifications';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

/**
 * Web Push (issue 12): the key browsers subscribe with, and the signed-in person's own
 * subscriptions. Anyone signed in may be told about their new assignments.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class PushSubscriptionsController {
  constructor(private readonly subscriptions: PushSubscriptionsService) {}

  @Requires('me:read')
  @Get('push/key')
  @ApiAnswers({ summary: 'The VAPID public key to subscribe with; null when Web Push is off', type: PushKeyViewSchema, errors: SIGNED_IN_ANY_ROLE })
  key() {
    return this.subscriptions.key();
  }

  @Requires('me:write')
  @Post('me/push-subscriptions')
  @ApiAnswers({
    summary: 'Let this browser notify me: its PushSubscription (endpoint and keys)',
    status: 201,
    type: PushSubscriptionViewSchema,
    description: 'Saved',
    errors: [...SIGNED_IN_ANY_ROLE, ...JSON_BODY],
  })
  @ApiOkResponse({ type: PushSubscriptionViewSchema, description: 'That endpoint was already saved: kept, now mine' })
  async register(@CurrentActor() actor: Actor, @Body() body: RegisterPushSubscriptionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, ...view } = await this.subscriptions.register(actor, body);
    void reply.status(created ? 201 : 200);
    return view;
  }

  @Requires('me:write')
  @Delete('me/push-subscriptions')
  @HttpCode(204)
  @ApiAnswers({
    summary: 'Stop notifying me in this browser (its endpoint); nothing happens for an endpoint that is not mine',
    status: 204,
    description: 'Forgotten',
    errors: [...SIGNED_IN_ANY_ROLE, ...JSON_BODY],
  })
  async remove(@CurrentActor() actor: Actor, @Body() body: RemovePushSubscriptionDto): Promise<void> {
    await this.subscriptions.remove(actor, body.endpoint);
  }
}
