import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJsonLines } from '../../src/cli/jsonl-file.ts';

describe('openJsonLines', () => {
  it('writes whole lines under the final name once closed', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'stats.jsonl');
    const file = openJsonLines(path);
    file.write({ type: 'param', step: 1 });
    file.close();
    expect(readFileSync(path, 'utf8')).toBe('{"type":"param","step":1}\n');
  });

  it('names the flag and the path when the folder does not exist', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'missing', 'x.jsonl');
    expect(() => openJsonLines(path)).toThrow(
      `[gradstream] --stats-out '${path}': its folder '${join(path, '..')}' does not exist; create it or choose another path`,
    );
  });
});
