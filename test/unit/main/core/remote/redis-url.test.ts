import { describe, expect, it } from 'vitest';
import { keepRedactedPassword, parseRedisUrl, redactRedisUrl } from '../../../../../src/main/core/remote/redis-url';
import { validateStudySpec } from '../../../../../src/main/core/search/validate-spec';
import { specToYaml, parseStudySpec } from '../../../../../src/main/core/search/load-spec';
import { tinyStudySpec } from '../../../../helpers/study-fixtures';

describe('Redis URLs', () => {
  it('parses host, port, database and credentials, and never shows the password', () => {
    const t = parseRedisUrl('redis://ops:s3cret@queue.lab:6380/2', '--redis');
    expect(t).toMatchObject({ display: 'redis://queue.lab:6380/2', key: 'queue.lab:6380/2', hasCredentials: true, host: 'queue.lab', port: 6380 });
    expect(parseRedisUrl('rediss://queue.lab', 'f')).toMatchObject({ display: 'rediss://queue.lab:6379', key: 'queue.lab:6379/0', hasCredentials: false, port: 6379 });
    expect(redactRedisUrl('redis://ops:s3cret@queue.lab:6380')).toBe('redis://ops:***@queue.lab:6380');
    expect(redactRedisUrl('redis://:s3cret@queue.lab')).toBe('redis://:***@queue.lab');
  });

  it('refuses what is not a Redis URL, naming the field and never echoing a password', () => {
    expect(() => parseRedisUrl('http://queue.lab', '--redis')).toThrow(/^--redis: expected a redis:\/\/ or rediss:\/\/ URL, got http:/);
    expect(() => parseRedisUrl('redis://queue.lab/abc', 'redisUrl')).toThrow(/^redisUrl: database 'abc' must be a number/);
    expect(() => parseRedisUrl('redis://:pw@[bad', 'x')).toThrow(/^x: 'redis:\/\/:\*\*\*@\[bad' is not a URL/);
  });

  it('saving a redacted URL back keeps the stored password', () => {
    expect(keepRedactedPassword('redis://:***@h:1', 'redis://:pw@h:1')).toBe('redis://:pw@h:1');
    expect(keepRedactedPassword('redis://u:***@h2:1', 'redis://u:pw@h:1')).toBe('redis://u:pw@h2:1');
    expect(keepRedactedPassword('redis://u:new@h:1', 'redis://u:pw@h:1')).toBe('redis://u:new@h:1');
    expect(keepRedactedPassword('redis://:***@h:1', null)).toBe('redis://:***@h:1');
  });
});

describe('executor in a study spec', () => {
  it('takes bullmq with a Redis host and port, and writes it back as YAML', () => {
    const spec = validateStudySpec({ ...tinyStudySpec(), executor: { type: 'bullmq', redis: 'redis://queue.lab:6379' } }, 'study.yaml');
    expect(spec.executor).toEqual({ type: 'bullmq', redis: 'redis://queue.lab:6379' });
    expect(parseStudySpec(specToYaml(spec), 'again.yaml').executor).toEqual(spec.executor);
    expect(validateStudySpec({ ...tinyStudySpec(), executor: { type: 'local' } }, 's').executor).toEqual({ type: 'local' });
  });

  it('refuses credentials (a spec is stored and shown) and unknown executors, naming the key', () => {
    expect(() => validateStudySpec({ ...tinyStudySpec(), executor: { type: 'bullmq', redis: 'redis://:pw@queue.lab:6379' } }, 'study.yaml')).toThrow(
      /study\.yaml: executor\.redis: credentials do not belong in a spec/,
    );
    expect(() => validateStudySpec({ ...tinyStudySpec(), executor: { type: 'ray' } }, 'study.yaml')).toThrow(/study\.yaml: executor/);
  });
});
