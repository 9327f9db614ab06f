import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { UsersService } from '@app/identity';
import { FIGURES_QUEUE, JobProducer, QUEUE_NAMES, REDIS, SCHEDULE_QUEUE } from '@app/queue-contracts';

/** Where Bull Board lives, outside the API prefix; the session cookie is scoped to it. */
export const ADMIN_QUEUES_PATH = '/admin/queues';
export const ADMIN_QUEUES_PATH_PATTERN = /^\/admin\/queues(\/|$|\?)/;
/** The cookie that opens Bull Board; set by POST /api/v1/admin/queues/session. */
export const ADMIN_QUEUES_COOKIE = 'lantoa_admin_queues';
export const ADMIN_QUEUES_SESSION_SECONDS = 600;
const AUDIENCE = 'admin-queues';

/**
 * Bull Board's page runs no inline script (its config is an inert JSON script element), so
 * it gets the app's policy minus what the board never needs (workers, a manifest, blobs).
 * Its Google Fonts stylesheet is refused on purpose: the board falls back to system fonts.
 */
export const ADMIN_QUEUES_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The board session's own key, derived from the API's secret: a session token is never a valid
 * access token (the access tokens' check asks for no audience), and an access token never a session.
 */
export function adminQueuesSigningKey(jwtSecret: string): string {
  return createHmac('sha256', jwtSecret).update('lantoa admin-queues session').digest('base64url');
}

interface SessionClaims {
  sub: string;
  ver: number;
}

/** Why a request for Bull Board is refused: no valid session (401), or no longer an admin (403). */
type Refusal = 401 | 403;

/**
 * The short-lived session that opens Bull Board in a browser tab. A tab cannot send the
 * bearer token, and a token in a URL leaks into history and logs, so an admin trades their
 * bearer token for an HttpOnly, SameSite=Strict cookie signed with the API's secret for this
 * audience only. Every request re-reads the user: a demoted or deactivated admin, or one
 * whose tokens were revoked, loses the board at once.
 */
@Injectable()
export class AdminQueuesSessions {
  private readonly jwt: JwtService;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {
    this.jwt = new JwtService({ secret: adminQueuesSigningKey(config.jwtSecret) });
  }

  /**
   * The cookie's attributes. Secure in production, as the web session's cookie is (behind a
   * TLS proxy the request itself may look like http), and whenever the request came over https.
   */
  cookie(request: FastifyRequest) {
    return {
      path: ADMIN_QUEUES_PATH,
      httpOnly: true,
      sameSite: 'strict' as const,
      secure: this.config.nodeEnv === 'production' || request.protocol === 'https',
      maxAge: ADMIN_QUEUES_SESSION_SECONDS,
    };
  }

  /** A session token for the admin (the caller has checked they are one). */
  async issue(userId: string): Promise<string> {
    const record = await this.users.actorRecord(userId);
    const claims: SessionClaims = { sub: userId, ver: record?.tokenVersion ?? -1 };
    return this.jwt.signAsync(claims, { algorithm: 'HS256', audience: AUDIENCE, expiresIn: ADMIN_QUEUES_SESSION_SECONDS });
  }

  /** Null when the cookie opens the board, else the status that refuses it. */
  async refusal(token: string | undefined): Promise<Refusal | null> {
    if (!token) return 401;
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims>(token, { algorithms: ['HS256'], audience: AUDIENCE });
    } catch {
      return 401;
    }
    const record = typeof claims.sub === 'string' ? await this.users.actorRecord(claims.sub) : null;
    if (!record || !record.active || record.tokenVersion !== claims.ver) return 401;
    return record.roles.includes('admin') ? null : 403;
  }
}

const REFUSAL_TEXT: Record<Refusal, string> = {
  401: 'Bull Board: open it from the desk (System status, "Mở Bull Board") while signed in as an admin.\n',
  403: 'Bull Board is for admins only.\n',
};

/**
 * Mounts Bull Board at /admin/queues over every queue the system has, read-only: PostgreSQL
 * holds the truth of each job and the sweeper re-adds what Redis loses, so the board is for
 * looking, not for editing jobs. Every route of the board, its static files included, needs
 * the session cookie; nothing else (a bearer header, a token in the query) is read.
 * Registered before the web app, whose catch-all would otherwise answer for these paths.
 */
export async function mountAdminQueues(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const producer = app.get(JobProducer);
  const redis = app.get<Redis>(REDIS);
  const sessions = app.get(AdminQueuesSessions);
  const clockQueues = [SCHEDULE_QUEUE, FIGURES_QUEUE].map((name) => new Queue(name, { connection: redis, prefix: config.redisPrefix }));
  const queues = [...QUEUE_NAMES.map((name) => producer.queue(name)), ...clockQueues];
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Lan Tỏa' } },
  });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onClose', async () => {
    await Promise.all(clockQueues.map((queue) => queue.close()));
  });
  await fastify.register(
    async (board: FastifyInstance) => {
      board.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const refusal = await sessions.refusal(request.cookies?.[ADMIN_QUEUES_COOKIE]);
        if (refusal === null) {
          void reply.header('cache-control', 'no-store');
          return;
        }
        return reply.code(refusal).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(REFUSAL_TEXT[refusal]);
      });
      await board.register(serverAdapter.registerPlugin() as never);
    },
    { prefix: ADMIN_QUEUES_PATH },
  );
}
