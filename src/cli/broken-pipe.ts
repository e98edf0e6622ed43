/**
 * Ends the process quietly (exit code 0) when the reader of `stream` goes away, as when
 * `gradstream train --json | head -1` has read its line: nobody is left to read what follows, so
 * a write failing with EPIPE is the end of the run, not a crash. Other stream errors still throw.
 */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}
