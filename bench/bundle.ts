/**
 * Bundles a bench entry with esbuild into node_modules/.cache/gradstream-bench/, so it runs as
 * compiled JavaScript under plain node. Under tsx, V8 added detached-ArrayBuffer checks to
 * every typed-array access (−10 to −25% on kernels; see shared/PERFORMANCE.md).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

/** Repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where bundles go (never committed). */
export const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'gradstream-bench');

/** How to bundle one entry. */
export interface BundleOptions {
  /** Packages left as runtime imports instead of being bundled. */
  readonly external?: string[];
  /** Keeps `import.meta.url` pointing at the source file, for entries that resolve paths by it. */
  readonly keepSourceUrl?: boolean;
}

/** Bundles `entry` (relative to the repository root) and returns the output file's path. */
export async function bundle(entry: string, options: BundleOptions = {}): Promise<string> {
  const source = join(ROOT, entry);
  const outfile = join(OUT_DIR, basename(entry).replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: options.external ?? [],
    define: options.keepSourceUrl
      ? { 'import.meta.url': JSON.stringify(pathToFileURL(source).href) }
      : {},
    // Bundled CommonJS packages call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return outfile;
}
