import { ApiSchema } from '@nestjs/swagger';
import { PushKeyView, PushSubscriptionView } from '../notifications.dto';
import { Agrees, InstantProperty, NullableTextProperty, TextProperty } from './view-properties';

@ApiSchema({ name: 'PushKeyView', description: 'The VAPID public key to subscribe with (base64url); null when Web Push is off' })
export class PushKeyViewSchema {
  @NullableTextProperty({ example: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM' })
  publicKey: string | null;
}

@ApiSchema({ name: 'PushSubscriptionView', description: 'A browser that may notify me' })
export class PushSubscriptionViewSchema {
  @TextProperty() endpoint: string;
  @InstantProperty() createdAt: string;
}

// The documented classes mirror the views the service returns (compile-time).
const agreements: [Agrees<PushKeyViewSchema, PushKeyView>, Agrees<PushSubscriptionViewSchema, PushSubscriptionView>] = [true, true];
void agreements;
