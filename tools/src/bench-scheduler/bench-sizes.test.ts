import { describe, expect, test } from 'vitest';
import { benchSettings } from './bench-sizes.js';

describe('benchSettings', () => {
  test('the full run is the issue 5,000 incidents with the scheduler defaults', () => {
    const settings = benchSettings({});
    expect(settings.quick).toBe(false);
    expect(settings.sizes.incidentsPerSet).toBe(5_000);
    expect(settings.concurrency).toBe(8);
    expect(settings.batchSize).toBe(50);
  });

  test('BENCH_QUICK=1 makes a smaller smoke run', () => {
    const settings = benchSettings({ BENCH_QUICK: '1' });
    expect(settings.quick).toBe(true);
    expect(settings.sizes.incidentsPerSet).toBe(500);
  });

  test('CONCURRENCY and BATCH_SIZE override the defaults', () => {
    expect(benchSettings({ CONCURRENCY: '16', BATCH_SIZE: '100' })).toMatchObject({ concurrency: 16, batchSize: 100 });
  });

  test('a value that is not a positive integer is refused, naming the variable', () => {
    expect(() => benchSettings({ CONCURRENCY: '0' })).toThrow(/CONCURRENCY/);
    expect(() => benchSettings({ BATCH_SIZE: 'ten' })).toThrow(/BATCH_SIZE/);
  });
});
