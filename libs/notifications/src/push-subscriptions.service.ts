import { createECDH } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor } from '@app/access';
import { APP_CONFIG, AppConfig } from '@app/config';
import { InvalidInputError, PushKeyView, PushSubscriptionView } from '@app/contracts';
import { pushEndpointProblem } from './push-endpoint';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';

/** A browser's subscription as the API receives it (shape checked by the DTO). */
export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * The browsers a person allowed to notify them. Only the person themselves registers or
 * removes theirs, so there is no scope to check.
 */
@Injectable()
export class PushSubscriptionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subscriptions: PushSubscriptionsRepository,
  ) {}

  /** The VAPID public key browsers subscribe with; null says push is off. */
  key(): PushKeyView {
    return { publicKey: this.config.webPush?.publicKey ?? null };
  }

  /** Saves the caller's subscription; `created` is false when that endpoint was already saved. */
  async register(actor: Actor, input: PushSubscriptionInput): Promise<PushSubscriptionView & { created: boolean }> {
    this.assertEndpoint(input.endpoint);
    if (!isCurvePoint(input.keys.p256dh)) {
      throw new InvalidInputError('keys.p256dh', 'keys.p256dh must be a point on the P-256 curve');
    }
    const row = await this.subscriptions.save(actor.id, { endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth });
    return { endpoint: row.endpoint, createdAt: new Date(row.createdAt).toISOString(), created: row.created };
  }

  /** Forgets the caller's subscription at that endpoint (nothing happens for someone else's). */
  async remove(actor: Actor, endpoint: string): Promise<void> {
    this.assertEndpoint(endpoint);
    await this.subscriptions.deleteOwn(actor.id, endpoint);
  }

  private assertEndpoint(endpoint: string): void {
    const problem = pushEndpointProblem(endpoint, this.config.nodeEnv === 'test');
    if (problem) throw new InvalidInputError('endpoint', problem);
  }
}

function isCurvePoint(p256dh: string): boolean {
  try {
    const probe = createECDH('prime256v1');
    probe.generateKeys();
    probe.computeSecret(Buffer.from(p256dh, 'base64url'));
    return true;
  } catch {
    return false;
  }
}
