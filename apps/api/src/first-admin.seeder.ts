import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { FirstAdminService } from '@app/identity';

/** At start, creates the admin from ADMIN_USERNAME / ADMIN_PASSWORD when no active admin exists. */
@Injectable()
export class FirstAdminSeeder implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly firstAdmin: FirstAdminService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.admin) await this.firstAdmin.ensure(this.config.admin.username, this.config.admin.password);
  }
}
