/**
 * Watches stdout and stderr for a reader that went away (EPIPE), as when
 * `gradstream train --json | head -1` has read its line: nobody is left to read what follows, so
 * that is the end of the run, not a crash. The returned signal aborts then, so a run can close its
 * files before the process ends quietly; other stream errors still throw.
 */
export function watchBrokenPipe(streams: readonly NodeJS.WriteStream[]): AbortSignal {
  const controller = new AbortController();
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      controller.abort(new Error('[gradstream] train: the reader of its output went away'));
    });
  }
  return controller.signal;
}
