export { NEW_ASSIGNMENT_PUSH_CHUNK, NewAssignmentPushService } from './new-assignment-push.service';
export { NotificationsModule } from './notifications.module';
export { pushEndpointProblem } from './push-endpoint';
export { PushSubscriptionInput, PushSubscriptionsService } from './push-subscriptions.service';
export { PushMessage, PushOutcome } from './web-push-sender';
