import { readFileSync } from 'node:fs';
import { validateGraph, type ValidGraph } from '../graph/validate.ts';

/** Reads and validates a graph file; every failure is one sentence naming the file and where. */
export function loadGraphFile(path: string): ValidGraph {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`[gradstream] cannot read graph file '${path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`[gradstream] graph file '${path}' is not valid JSON${locate(text, (error as Error).message)}: ${(error as Error).message}`);
  }
  try {
    return validateGraph(raw);
  } catch (error) {
    (error as Error).message = (error as Error).message.replace('[gradstream] graph spec', `[gradstream] graph file '${path}'`);
    throw error;
  }
}

/** Turns V8's "at position N" into " at line L, column C". */
function locate(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}
