import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataFileError } from './data-file-error.ts';

/**
 * Reads a whole data file, gunzipping it when it starts with the gzip magic bytes (1f 8b), so
 * `train-images-idx3-ubyte.gz` and `data.csv.gz` work as they are. The extension is not
 * consulted. Failures are a DataFileError naming the file.
 */
export function readDataFile(file: string, kind: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new DataFileError({ kind, file }, `cannot be read (${code}); check the path`);
  }
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new DataFileError(
      { kind, file },
      `starts like gzip but does not decompress (${(error as Error).message}); the download may be incomplete`,
    );
  }
}
