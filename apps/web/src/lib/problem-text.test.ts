import { describe, expect, it } from 'vitest';
import { refusalText } from './problem-text';

const t = ((key: string) => key) as never;

describe('refusalText', () => {
  it('names what to correct by the field the API named, never with its English message', () => {
    expect(refusalText(t, { status: 400, field: 'url' })).toBe('problem.url');
    expect(refusalText(t, { status: 400, field: 'file' })).toBe('problem.file');
    expect(refusalText(t, { status: 413 })).toBe('problem.file');
    expect(refusalText(t, { status: 404, field: 'taskId' })).toBe('problem.task');
    expect(refusalText(t, { status: 422, field: 'occurredAt' })).toBe('problem.other');
  });
});
