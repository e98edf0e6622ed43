import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateGraph, type ValidGraph } from '../graph/validate.ts';

/** Reads and validates a graph file; every failure is one sentence naming the file and where. */
export function loadGraphFile(path: string): ValidGraph {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`[gradstream] graph file '${path}' ${unreadable(path, error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `[gradstream] graph file '${path}' is not valid JSON${locate(text, (error as Error).message)}: ${(error as Error).message}`,
    );
  }
  try {
    return validateGraph(raw);
  } catch (error) {
    (error as Error).message = (error as Error).message.replace(
      '[gradstream] graph spec',
      `[gradstream] graph file '${path}'`,
    );
    throw error;
  }
}

/** Why a graph file could not be read, and what to check, for the end of one sentence. */
function unreadable(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return `does not exist (looked for ${resolve(path)}); check the path`;
  }
  if (code === 'EISDIR') return 'is a directory; give the path of a graph .json file';
  if (code === 'EACCES' || code === 'EPERM') {
    return `cannot be read (${code}, permission denied); check its permissions`;
  }
  return `cannot be read (${code ?? String(error)}); check the path`;
}

/**
 * Finds where JSON.parse stopped and says " at line L, column C". V8 reports either
 * "at position N" or, for an unexpected token, the ten characters on each side of it.
 */
function locate(text: string, message: string): string {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return lineAndColumn(text, Number(position));
  const excerpt = /^Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)(\.\.\.)?" is not valid JSON/.exec(
    message,
  );
  if (!excerpt) return '';
  const [, token, isCut, context] = excerpt;
  const at = isCut ? text.indexOf(context) + 10 : text.indexOf(token);
  return at >= 0 && text[at] === token ? lineAndColumn(text, at) : '';
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}
