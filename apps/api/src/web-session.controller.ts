import { Body, Controller, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiAnswers, JSON_BODY, LoginDto, WebAccessTokenSchema, WebSignInResultSchema } from '@app/contracts';
import { AuthService, IdentityError, IdentityErrorCode } from '@app/identity';
import { Public } from './http/access.decorators';

/** The cookie that carries the web app's refresh token; page scripts never see it (ADR 012). */
export const REFRESH_COOKIE = 'lantoa_refresh';
// The API's prefix (configure-api.ts) and this controller's path: the cookie goes nowhere else.
const COOKIE_PATH = '/api/v1/auth/web';
/** Cross-site forms cannot set a header; a cross-origin fetch that sets one needs a preflight we never grant. */
const CSRF_HEADER = 'x-requested-with';

/**
 * The web app's sign-in. The same tokens as /auth/login and /auth/refresh, but the refresh
 * token travels only in an HttpOnly, SameSite=Strict cookie scoped to these routes, so a
 * script injected into the page can use a session while the page is open but cannot carry
 * it away. Other clients (the CLI, the demo, integrations) keep the contract's JSON routes.
 */
@ApiTags('auth')
@Controller('auth/web')
export class WebSessionController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @ApiAnswers({
    summary: 'Sign in from the web app: the access token in the body, the refresh token in a cookie',
    type: WebSignInResultSchema,
    errors: [...JSON_BODY, 401, 429, 503],
  })
  async signIn(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { accessToken, refreshToken, user } = await this.auth.login(body.username, body.password, request.ip);
    this.setRefreshCookie(reply, refreshToken);
    return { accessToken, expiresAt: this.auth.accessTokenExpiry(accessToken).toISOString(), user };
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiHeader({ name: CSRF_HEADER, required: true, description: 'any value; refused without it' })
  @ApiAnswers({
    summary: 'Renew the web app’s access token with the refresh cookie (rotated on every use)',
    type: WebAccessTokenSchema,
    errors: [401],
  })
  async refresh(
    @Req() request: FastifyRequest,
    @Headers(CSRF_HEADER) csrf: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!csrf) throw new IdentityError(IdentityErrorCode.InvalidToken, `the ${CSRF_HEADER} header is required`, CSRF_HEADER);
    const presented = request.cookies[REFRESH_COOKIE];
    if (!presented) throw new IdentityError(IdentityErrorCode.InvalidToken, 'not signed in', REFRESH_COOKIE);
    try {
      const { accessToken, refreshToken } = await this.auth.refresh(presented);
      this.setRefreshCookie(reply, refreshToken);
      return { accessToken, expiresAt: this.auth.accessTokenExpiry(accessToken).toISOString() };
    } catch (error) {
      // A refused cookie is useless from now on; dropping it spares the browser sending it again.
      if (error instanceof IdentityError) this.clearRefreshCookie(reply);
      throw error;
    }
  }

  @Public()
  @Post('sign-out')
  @HttpCode(204)
  @ApiHeader({ name: CSRF_HEADER, required: true, description: 'any value; refused without it' })
  @ApiAnswers({
    summary: 'Sign out of the web app: revoke the refresh cookie’s tokens and clear it',
    status: 204,
    description: 'Signed out; the cookie is cleared',
    errors: [401],
  })
  async signOut(
    @Req() request: FastifyRequest,
    @Headers(CSRF_HEADER) csrf: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (!csrf) throw new IdentityError(IdentityErrorCode.InvalidToken, `the ${CSRF_HEADER} header is required`, CSRF_HEADER);
    const presented = request.cookies[REFRESH_COOKIE];
    if (presented) await this.auth.signOut(presented);
    this.clearRefreshCookie(reply);
  }

  private setRefreshCookie(reply: FastifyReply, refreshToken: string): void {
    void reply.setCookie(REFRESH_COOKIE, refreshToken, {
      ...this.cookieScope(),
      maxAge: this.config.refreshTokenTtlDays * 24 * 60 * 60,
    });
  }

  private clearRefreshCookie(reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, this.cookieScope());
  }

  private cookieScope() {
    // Browsers keep Secure cookies over http://localhost too, but test clients do not.
    return { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict' as const, secure: this.config.nodeEnv === 'production' };
  }
}
