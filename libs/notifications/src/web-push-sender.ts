import { Injectable } from '@nestjs/common';
import { generateRequestDetails } from 'web-push';
import { WebPushKeys } from '@app/config';

/** What the push service answered: delivered, gone for good (404/410), or refused for now. */
export type PushOutcome = 'sent' | 'gone' | 'failed';

/** The small JSON a service worker turns into a notification: no personal data beyond the task title. */
export interface PushMessage {
  title: string;
  body: string;
  url: string;
  tag: string;
}

const SEND_TIMEOUT_MS = 10_000;
// A day: a task message that waits longer than that in the push service is stale.
const TTL_SECONDS = 86_400;

/**
 * Sends one Web Push message: the `web-push` library encrypts it (RFC 8291, aes128gcm) and
 * signs the VAPID header; the request itself goes through fetch, which also speaks plain
 * http to the loopback push service the tests run.
 */
@Injectable()
export class WebPushSender {
  async send(keys: WebPushKeys, to: { endpoint: string; p256dh: string; auth: string }, message: PushMessage): Promise<PushOutcome> {
    let request: ReturnType<typeof generateRequestDetails>;
    try {
      request = generateRequestDetails(
        { endpoint: to.endpoint, keys: { p256dh: to.p256dh, auth: to.auth } },
        JSON.stringify(message),
        { vapidDetails: keys, TTL: TTL_SECONDS, contentEncoding: 'aes128gcm', urgency: 'normal' },
      );
    } catch {
      // The keys were checked when the browser subscribed (a point on P-256): a failure here is
      // ours, not the browser's, and must not delete the subscription. Tried again with the job.
      return 'failed';
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      // fetch counts the body itself.
      if (name.toLowerCase() !== 'content-length') headers[name] = String(value);
    }
    try {
      const response = await fetch(request.endpoint, {
        method: 'POST',
        headers,
        body: request.body ? new Uint8Array(request.body) : undefined,
        redirect: 'error',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.status === 404 || response.status === 410) return 'gone';
      return response.ok ? 'sent' : 'failed';
    } catch {
      return 'failed';
    }
  }
}
