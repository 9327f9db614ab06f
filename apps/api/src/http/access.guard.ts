import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessError, AccessErrorCode, Permission, PolicyService } from '@app/access';
import { ApiQuotaService, AuthService, IdentityError, IdentityErrorCode } from '@app/identity';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './access.decorators';
import { requestIdOf } from '@app/runtime';
import { AuthenticatedRequest } from './request-context';

/**
 * Every request passes here: bearer authentication, the per-user rate limit, then the
 * route's permission from the policy table. Routes without @Requires are refused, so a
 * new endpoint is closed until someone decides who may call it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly policy: PolicyService,
    private readonly quota: ApiQuotaService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.auth.authenticate(bearerToken(request));
    this.throttle(actor.id);
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (!permission || !this.policy.allows(actor, permission)) {
      throw new AccessError(AccessErrorCode.Forbidden, 'your roles do not allow this');
    }
    request.actor = { ...actor, requestId: requestIdOf(request.raw) };
    return true;
  }

  private throttle(userId: string): void {
    const decision = this.quota.take(userId);
    if (!decision.allowed) {
      throw new AccessError(AccessErrorCode.QuotaExceeded, 'Too many requests; slow down', undefined, {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
  }
}

function bearerToken(request: AuthenticatedRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header) : null;
  if (!match) throw new IdentityError(IdentityErrorCode.InvalidToken, 'missing, invalid or expired token');
  return match[1];
}
