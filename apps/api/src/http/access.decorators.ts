import { SetMetadata } from '@nestjs/common';
import { Permission } from '@app/access';

export const PUBLIC_ROUTE = 'lantoa:public';
export const REQUIRED_PERMISSION = 'lantoa:permission';

/** No bearer token needed, and no per-user rate limit (login, refresh, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The permission a route needs; scope is then checked by the services through the policy. */
export const Requires = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);
