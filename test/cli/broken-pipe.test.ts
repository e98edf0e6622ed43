import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('exitQuietlyOnBrokenPipe', () => {
  it('ends train --json quietly when the reader closes after the first line', async () => {
    const child = spawn(
      'npx',
      [
        'tsx',
        'src/cli/main.ts',
        'train',
        'graphs/mnist-mlp.json',
        '--json',
        '--train-size',
        '500',
        '--epochs',
        '4',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    // Like `| head -1`: read up to the first newline, then close the pipe.
    await new Promise<void>((resolve) => {
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
        if (stdout.includes('\n')) {
          child.stdout.destroy();
          resolve();
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE/);
    expect(code).toBe(0);
  }, 60_000);
});
