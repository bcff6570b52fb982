import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_STATUSES, type RunStatus } from '../../../../../src/shared/domain/run';
import type { StudySummaryDto } from '../../../../../src/shared/contract';
import { uniqueName } from '../../../../../src/renderer/src/lib/state/app-launch';
import { issueAt, unplacedIssues } from '../../../../../src/renderer/src/lib/state/new-study.svelte';
import { studyProgress } from '../../../../../src/renderer/src/lib/state/study-progress';
import { debounced, throttled } from '../../../../../src/renderer/src/lib/state/throttle';
import { pixelScale, toRgba } from '../../../../../src/renderer/src/lib/components/datasets/image-pixels';
import { formatRelativeTime, formatShape, formatStat, fraction, plural } from '../../../../../src/renderer/src/lib/format';

const counts = (c: Partial<Record<RunStatus, number>>) => ({ ...Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])), ...c }) as Record<RunStatus, number>;
const study = (c: Partial<Record<RunStatus, number>>, totalRuns: number) => ({ runCounts: counts(c), totalRuns }) as unknown as StudySummaryDto;

describe('studies list logic', () => {
  it('measures progress against the trial budget, not only the runs created so far', () => {
    expect(studyProgress(study({ completed: 3, failed: 1, running: 2 }, 6), 20)).toEqual({ done: 4, total: 20, failed: 1, running: 2 });
    expect(studyProgress(study({ completed: 5 }, 5), undefined)).toMatchObject({ done: 5, total: 5 });
  });

  it('gives a second sample study a free name', () => {
    expect(uniqueName('mlp-binary', [])).toBe('mlp-binary');
    expect(uniqueName('mlp-binary', ['mlp-binary', 'mlp-binary-2'])).toBe('mlp-binary-3');
  });
});

describe('spec issues by field', () => {
  const issues = [
    { path: 'space.dropout.high', message: 'must be ≤ 0.95' },
    { path: 'budget.maxTrials', message: 'must be > 0' },
    { path: '', message: 'yaml: line 2, column 3: bad indentation' },
  ];
  it('finds the issues under a field path and leaves the rest for the list above the form', () => {
    expect(issueAt(issues, 'space.dropout')).toBe('must be ≤ 0.95');
    expect(issueAt(issues, 'space.drop')).toBeNull();
    expect(unplacedIssues(issues, ['budget', 'space.'])).toEqual([issues[2]]);
  });
});

describe('timers', () => {
  afterEach(() => vi.useRealTimers());
  it('throttles bursts into one call and debounces until input stops', () => {
    vi.useFakeTimers();
    const t = vi.fn();
    const throttledT = throttled(t, 100);
    for (let i = 0; i < 10; i++) throttledT();
    vi.advanceTimersByTime(100);
    expect(t).toHaveBeenCalledTimes(1);
    const d = vi.fn();
    const debouncedD = debounced(d, 300);
    debouncedD('a');
    vi.advanceTimersByTime(200);
    debouncedD('b');
    vi.advanceTimersByTime(299);
    expect(d).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(d).toHaveBeenCalledExactlyOnceWith('b');
  });
});

describe('image pixels and formatting', () => {
  it('expands grayscale to RGBA and scales 0–1 samples to 0–255', () => {
    expect([...toRgba([0, 1], 1, 2, 1, 255)]).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    expect([...toRgba([10, 20, 30], 1, 1, 3)]).toEqual([10, 20, 30, 255]);
    expect(pixelScale([[0, 0.5, 1]])).toBe(255);
    expect(pixelScale([[0, 200]])).toBe(1);
  });

  it('formats for people', () => {
    const now = Date.parse('2025-01-10T12:00:00Z');
    expect(formatRelativeTime('2025-01-10T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelativeTime('2025-01-08T12:00:00Z', now)).toBe('2 days ago');
    expect(formatShape([10])).toBe('10 features');
    expect(formatShape([28, 28, 1])).toBe('28×28×1');
    expect(formatStat(null)).toBe('—');
    expect(formatStat(0.00001234)).toBe('1.23e-5');
    expect(fraction(3, 0)).toBeNull();
  });
});

describe('plural', () => {
  it('agrees the noun with the count', () => {
    expect(plural(1, 'run')).toBe('1 run');
    expect(plural(3, 'run')).toBe('3 runs');
    expect(plural(1, 'class')).toBe('1 class');
    expect(plural(2, 'class')).toBe('2 classes');
    expect(plural(0, 'epoch')).toBe('0 epochs');
    expect(plural(1200, 'file')).toBe('1,200 files');
  });
});
