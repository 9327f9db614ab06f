import { Module } from '@nestjs/common';
import { NewAssignmentPushService } from './new-assignment-push.service';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import { PushSubscriptionsService } from './push-subscriptions.service';
import { WebPushSender } from './web-push-sender';

/** Web Push: people's browser subscriptions and the messages about their new assignments. */
@Module({
  providers: [PushSubscriptionsService, NewAssignmentPushService, PushSubscriptionsRepository, WebPushSender],
  exports: [PushSubscriptionsService, NewAssignmentPushService],
})
export class NotificationsModule {}
