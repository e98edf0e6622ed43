import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Starts `gradstream train` in one node process (tsx as a loader, so signals reach the CLI
 * itself and not a wrapper) and resolves with the child once its first stdout line arrives.
 */
function startTrain(statsPath: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'train',
      'graphs/mnist-mlp.json',
      '--json',
      '--train-size',
      '500',
      '--epochs',
      '40',
      '--stats-out',
      statsPath,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const firstLine = new Promise<void>((resolve) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      if (stdout.includes('\n')) resolve();
    });
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, firstLine, closed, stderr: () => stderr };
}

/** The stats file's records, read under its final name. */
function records(statsPath: string): { type: string; status?: string; error?: string }[] {
  expect(existsSync(`${statsPath}.partial`)).toBe(false);
  return readFileSync(statsPath, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('train, ended from outside', () => {
  it('ends quietly when the reader closes after the first line, closing the stats file', async () => {
    const statsPath = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'stats.jsonl');
    const run = startTrain(statsPath);
    // Like `| head -1`: read up to the first newline, then close the pipe.
    await run.firstLine;
    run.child.stdout.destroy();
    expect(await run.closed).toBe(0);
    expect(run.stderr()).not.toMatch(/EPIPE/);
    expect(records(statsPath).at(-1)).toMatchObject({
      type: 'end',
      status: 'failed',
      error: '[gradstream] train: the reader of its output went away',
    });
  }, 60_000);

  it('closes the stats file with an end record on SIGTERM', async () => {
    const statsPath = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'stats.jsonl');
    const run = startTrain(statsPath);
    await run.firstLine;
    run.child.kill('SIGTERM');
    expect(await run.closed).toBe(1);
    expect(run.stderr()).toContain('[gradstream] train: interrupted');
    expect(records(statsPath).at(-1)).toMatchObject({ type: 'end', status: 'failed' });
  }, 60_000);
});
