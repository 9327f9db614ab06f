import { createDecipheriv, createECDH, createHmac, createPublicKey, ECDH, verify } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A browser's side of a push subscription: its key pair and auth secret, and the JSON it would post. */
export interface TestBrowser {
  ecdh: ECDH;
  auth: Buffer;
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
}

/** One message the push service received and could read. */
export interface ReceivedPush {
  path: string;
  headers: IncomingMessage['headers'];
  /** The VAPID JWT's claims, after its ES256 signature was verified against `k`. */
  claims: { aud: string; exp: number; sub: string };
  vapidKey: string;
  /** The decrypted payload (RFC 8291). */
  payload: unknown;
}

/** A refusal: what went wrong with a request the service could not accept. */
export interface RefusedPush {
  path: string;
  reason: string;
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/**
 * Decrypts an aes128gcm Web Push body (RFC 8291 on RFC 8188) for the browser holding
 * `ecdh` and `auth`: header salt(16) rs(4) idlen(1) keyid(= the sender's public key), then
 * one record, whose plaintext ends with the 0x02 delimiter and optional zero padding.
 */
export function decryptWebPush(body: Buffer, ecdh: ECDH, auth: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20];
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (idLength !== 65 || senderPublic[0] !== 0x04) throw new Error('keyid is not an uncompressed P-256 key');
  if (record.length > recordSize) throw new Error('more than one record');
  const ecdhSecret = ecdh.computeSecret(senderPublic);
  // HKDF-Extract(auth, ecdh_secret), then Expand with "WebPush: info" || 0x00 || ua_public || as_public.
  const prkKey = hmac(auth, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0', 'latin1'), ecdh.getPublicKey(), senderPublic]);
  const ikm = hmac(prkKey, Buffer.concat([keyInfo, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'latin1')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'latin1')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 0x02) throw new Error('the last record lacks its 0x02 delimiter');
  return padded.subarray(0, end);
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>`: the ES256 signature by k, and answers the claims. */
export function verifyVapid(authorization: string | undefined): { claims: ReceivedPush['claims']; key: string } {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? '');
  if (!match) throw new Error(`Authorization is not "vapid t=…, k=…": ${authorization}`);
  const [, token, key] = match;
  const [header, claims, signature] = token.split('.');
  const raw = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const signed = verify('sha256', Buffer.from(`${header}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!signed) throw new Error('the VAPID JWT signature does not verify with k');
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256') throw new Error('the VAPID JWT is not ES256');
  return { claims: JSON.parse(Buffer.from(claims, 'base64url').toString()), key };
}

/**
 * A push service on 127.0.0.1: each browser gets an endpoint /push/<n>; a message to it is
 * checked (TTL, Content-Encoding, VAPID for this origin) and decrypted with that browser's
 * private key. `answer` sets the status an endpoint replies with (201 by default).
 */
export class LoopbackPushService {
  readonly received: ReceivedPush[] = [];
  readonly refused: RefusedPush[] = [];
  private readonly browsers = new Map<string, TestBrowser>();
  private readonly answers = new Map<string, number>();
  private server?: Server;
  private count = 0;

  get origin(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        const status = this.answers.get(path) ?? 201;
        try {
          this.receive(request, path, Buffer.concat(chunks));
        } catch (error) {
          this.refused.push({ path, reason: (error as Error).message });
          response.writeHead(400).end();
          return;
        }
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A new browser: its own P-256 key pair and auth secret, and an endpoint on this service. */
  browser(): TestBrowser {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = Buffer.from(Array.from({ length: 16 }, (_, i) => (i * 37 + this.count * 11) & 0xff));
    const endpoint = `${this.origin}/push/${++this.count}`;
    const browser = { ecdh, auth, subscription: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } } };
    this.browsers.set(new URL(endpoint).pathname, browser);
    return browser;
  }

  /** Makes the endpoint answer `status` from now on (410: this subscription is gone). */
  answer(endpoint: string, status: number): void {
    this.answers.set(new URL(endpoint).pathname, status);
  }

  /** The messages that reached one endpoint. */
  to(endpoint: string): ReceivedPush[] {
    const path = new URL(endpoint).pathname;
    return this.received.filter((r) => r.path === path);
  }

  private receive(request: IncomingMessage, path: string, body: Buffer): void {
    const browser = this.browsers.get(path);
    if (!browser) throw new Error(`no browser at ${path}`);
    if (request.method !== 'POST') throw new Error(`method ${request.method}`);
    if (!/^\d+$/.test(String(request.headers.ttl))) throw new Error(`TTL header ${request.headers.ttl}`);
    if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${request.headers['content-encoding']}`);
    const { claims, key } = verifyVapid(request.headers.authorization);
    if (claims.aud !== this.origin) throw new Error(`aud ${claims.aud} is not ${this.origin}`);
    const now = Date.now() / 1000;
    if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) throw new Error(`exp ${claims.exp} not within 24 hours`);
    const payload = JSON.parse(decryptWebPush(body, browser.ecdh, browser.auth).toString('utf8'));
    this.received.push({ path, headers: request.headers, claims, vapidKey: key, payload });
  }
}
