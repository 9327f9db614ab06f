import { must, type ApiClient } from '../../api-client/client';

/** Whether this browser can take Web Push at all (an installed PWA or a browser tab over https). */
export function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window && 'serviceWorker' in navigator && 'PushManager' in window;
}

/** The VAPID key as the bytes pushManager.subscribe wants. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The subscription as the API takes it, or null when the browser gave no keys. */
function asRequest(subscription: PushSubscription) {
  const json = subscription.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) return null;
  return { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } };
}

/**
 * Asks the person's permission (a tap is the gesture browsers require), subscribes this
 * browser with the server's key and hands the subscription to the API. Answers the
 * permission the browser ended with.
 */
export async function enablePush(api: ApiClient, publicKey: string): Promise<NotificationPermission> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission;
  const registration = await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  const body = asRequest(subscription);
  if (!body) throw new Error('the browser gave a subscription without keys');
  must(await api.POST('/api/v1/me/push-subscriptions', { body }));
  return permission;
}

let refreshedFor: string | null = null;

/**
 * With permission already given, hands this browser's subscription to the API again: the
 * endpoint then belongs to whoever is signed in now (a shared phone). Quiet on failure.
 */
export async function refreshPush(api: ApiClient, userId: string): Promise<void> {
  // Once per person per page load: opening the tasks screen again changes nothing.
  if (refreshedFor === userId) return;
  refreshedFor = userId;
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  const body = subscription ? asRequest(subscription) : null;
  if (body) await api.POST('/api/v1/me/push-subscriptions', { body });
}

/**
 * On signing out: this browser stops being told of the person's tasks. The API forgets the
 * endpoint for them (while the token still works) and the browser drops the subscription, so
 * the next person on a shared phone is asked afresh. Quiet on failure: signing out must finish.
 */
export async function disablePush(api: ApiClient): Promise<void> {
  if (!pushSupported()) return;
  try {
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return;
    await api.DELETE('/api/v1/me/push-subscriptions', { body: { endpoint: subscription.endpoint } });
    await subscription.unsubscribe();
  } catch {
    // Offline, or the browser refused: the server drops the endpoint when the push service answers 410.
  } finally {
    refreshedFor = null;
  }
}
