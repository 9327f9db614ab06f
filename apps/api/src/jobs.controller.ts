import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AccessError, AccessErrorCode, Actor, PolicyService } from '@app/access';
import { ApiAnswers, BY_ID, JobViewSchema, SIGNED_IN } from '@app/contracts';
import { JobRecordsService } from '@app/queue-contracts';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

/** Progress of background jobs (user imports, later exports) for whoever started them. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobRecordsService,
    private readonly policy: PolicyService,
  ) {}

  @Requires('jobs:read')
  @Get(':id')
  @ApiAnswers({ summary: 'A background job’s progress and result', type: JobViewSchema, errors: [...SIGNED_IN, ...BY_ID] })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const job = await this.jobs.find(id);
    if (!job) throw new AccessError(AccessErrorCode.NotFound, 'job not found');
    this.policy.assertCanReadJob(actor, job);
    const { payload: _payload, ...visible } = job;
    return visible;
  }
}
