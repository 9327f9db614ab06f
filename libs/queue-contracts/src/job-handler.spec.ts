import { JOB_NAMES, JobName } from './job-contracts';
import { assertHandlersComplete, JobHandler } from './job-handler';

const handler = (jobName: string): JobHandler =>
  ({ jobName: jobName as JobName, handle: async () => ({ created: 0, unchanged: 0, failed: 0, errors: [] }) }) as JobHandler;

const complete = () => JOB_NAMES.map((name) => handler(name));

function refusal(handlers: JobHandler[]): string {
  try {
    assertHandlersComplete(handlers);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('assertHandlersComplete accepted the handlers');
}

describe('assertHandlersComplete', () => {
  it('knows the import job', () => {
    expect(JOB_NAMES).toContain('users.import');
  });

  it('maps every job name to its one handler', () => {
    const handlers = complete();
    const byName = assertHandlersComplete(handlers);
    expect([...byName.keys()].sort()).toEqual([...JOB_NAMES].sort());
    for (const h of handlers) expect(byName.get(h.jobName)).toBe(h);
  });

  it('does not care about the order of handlers', () => {
    expect(() => assertHandlersComplete(complete().reverse())).not.toThrow();
  });

  it.each(JOB_NAMES)('refuses when %s has no handler, naming it', (missing) => {
    const message = refusal(complete().filter((h) => h.jobName !== missing));
    expect(message).toContain(`no handler for ${missing}`);
  });

  it('refuses no handlers at all, naming every job', () => {
    const message = refusal([]);
    for (const name of JOB_NAMES) expect(message).toContain(name);
  });

  it.each(JOB_NAMES)('refuses two handlers for %s, naming it', (name) => {
    const message = refusal([...complete(), handler(name)]);
    expect(message).toContain(`several handlers for ${name}`);
  });

  it('refuses a handler for an unknown job, naming it', () => {
    const message = refusal([...complete(), handler('users.explode')]);
    expect(message).toContain('unknown jobs users.explode');
    expect(message).not.toContain('no handler');
  });

  it('names every problem at once', () => {
    const [first] = JOB_NAMES;
    const message = refusal([handler('ghost.job'), handler('ghost.job')]);
    expect(message).toContain(`no handler for ${first}`);
    expect(message).toContain('several handlers for ghost.job');
    expect(message).toContain('unknown jobs ghost.job');
  });
});
