import { Repository } from 'typeorm';
import { JobEntity } from './job.entity';
import { JobRecordsRepository } from './job-records.repository';
import { JobRecordsService } from './job-records.service';

describe('JobRecordsService.find', () => {
  const lookUp = (id: string) => {
    const asked: unknown[] = [];
    const repository = { findOneBy: async (where: unknown) => (asked.push(where), null) } as unknown as Repository<JobEntity>;
    return { found: new JobRecordsService(repository, {} as JobRecordsRepository).find(id), asked };
  };

  it.each<[string, string]>([
    ['36 zeros', '0'.repeat(36)],
    ['36 dashes', '-'.repeat(36)],
    ['36 hex digits', 'abcdef0123456789abcdef0123456789abcd'],
    ['dashes in the wrong places', '0000-00000000-0000-0000-000000000000'],
    ['a uuid with a 37th character', '00000000-0000-4000-8000-0000000000000'],
    ['a uuid with a non-hex letter', '00000000-0000-4000-8000-00000000000g'],
    ['a uuid in braces', '{00000000-0000-4000-8000-000000000000}'],
    ['empty', ''],
  ])('answers null for %s without a query', async (_case, id) => {
    const { found, asked } = lookUp(id);
    expect(await found).toBeNull();
    expect(asked).toEqual([]);
  });

  it.each(['00000000-0000-4000-8000-000000000000', 'A1B2C3D4-E5F6-4789-8ABC-DEF012345678'])('looks up the uuid %s', async (id) => {
    const { found, asked } = lookUp(id);
    await found;
    expect(asked).toEqual([{ id }]);
  });
});
