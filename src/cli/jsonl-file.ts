import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/** A JSON Lines file written whole or not at all: lines go to `<path>.partial`, renamed on close. */
export interface JsonLinesFile {
  write(record: object): void;
  /** Flushes and moves the file into place; with `keep` false, removes it instead. */
  close(keep?: boolean): void;
}

/** Opens `path` for JSON Lines; the final name appears only when the run closes the file. */
export function openJsonLines(path: string): JsonLinesFile {
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  // Lines are buffered and written in chunks: one syscall per line would cost more than the stats.
  let pending: string[] = [];
  let pendingChars = 0;
  let isClosed = false;
  const flush = (): void => {
    if (pending.length === 0) return;
    writeSync(fd, pending.join(''));
    pending = [];
    pendingChars = 0;
  };
  return {
    write(record) {
      const line = `${JSON.stringify(record)}\n`;
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars > 1 << 16) flush();
    },
    close(keep = true) {
      if (isClosed) return;
      isClosed = true;
      flush();
      closeSync(fd);
      if (keep) renameSync(partial, path);
      else rmSync(partial, { force: true });
    },
  };
}
