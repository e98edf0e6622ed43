import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A JSON Lines file written whole or not at all: lines go to `<path>.partial`, renamed on close. */
export interface JsonLinesFile {
  write(record: object): void;
  /** Flushes and moves the file into place; with `keep` false, removes it instead. */
  close(keep?: boolean): void;
}

/**
 * Opens `path` for JSON Lines; the final name appears only when the run closes the file. A path
 * that cannot be written throws one sentence naming `flag` (the option that gave it) and the path.
 */
export function openJsonLines(path: string, flag = '--stats-out'): JsonLinesFile {
  checkFolderOf(path, flag);
  const partial = `${path}.partial`;
  const fd = openForWriting(partial, path, flag);
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

/**
 * Throws what openJsonLines would, before anything runs: the folder `path` would be written in
 * is missing, or `path` itself is a folder (found otherwise only when the file is renamed).
 */
export function checkFolderOf(path: string, flag: string): void {
  const folder = dirname(path);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`[gradstream] ${flag} '${path}': ${missingFolder(path)}`);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`[gradstream] ${flag} '${path}': is a folder; name a file in it instead`);
}

function missingFolder(path: string): string {
  return `its folder '${dirname(path)}' does not exist; create it or choose another path`;
}

function openForWriting(partial: string, path: string, flag: string): number {
  try {
    return openSync(partial, 'w');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? missingFolder(path)
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? `cannot be written here (${code}); choose a writable folder`
          : `cannot be opened for writing (${code ?? (error as Error).message})`;
    throw new Error(`[gradstream] ${flag} '${path}': ${reason}`, { cause: error });
  }
}
