import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { TargetsService } from './targets.service';

@Module({
  imports: [AccessModule, AuditModule],
  providers: [TargetsService],
  exports: [TargetsService],
})
export class TargetsModule {}
