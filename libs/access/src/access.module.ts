import { Module } from '@nestjs/common';
import { PolicyService } from './policy.service';
import { UnitTreeRepository } from './unit-tree.repository';

@Module({
  providers: [PolicyService, UnitTreeRepository],
  exports: [PolicyService],
})
export class AccessModule {}
