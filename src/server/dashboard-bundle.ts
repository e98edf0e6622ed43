import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The page's own folder in the repository. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/', import.meta.url));

/** The bundled page script and style, written to a temporary folder that `dispose` removes. */
export interface DashboardBundle {
  readonly dir: string;
  dispose(): Promise<void>;
}

let compiled:
  Promise<readonly { readonly path: string; readonly contents: Uint8Array }[]> | undefined;

/**
 * Bundles dashboard/main.ts (TypeScript, uPlot and its CSS) with esbuild, once per process, and
 * writes `main.js` and `uplot.css` into a fresh temporary folder for one server to serve.
 */
export async function buildDashboardBundle(): Promise<DashboardBundle> {
  compiled ??= compile();
  const files = await compiled.catch((error: unknown) => {
    compiled = undefined;
    throw error;
  });
  const dir = await mkdtemp(join(tmpdir(), 'gradstream-dashboard-'));
  await Promise.all(files.map((f) => writeFile(join(dir, basename(f.path)), f.contents)));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

async function compile(): Promise<
  readonly { readonly path: string; readonly contents: Uint8Array }[]
> {
  const result = await build({
    entryPoints: {
      main: join(DASHBOARD_DIR, 'main.ts'),
      uplot: fileURLToPath(import.meta.resolve('uplot/dist/uPlot.min.css')),
    },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    write: false,
    outdir: '/bundle',
    logLevel: 'silent',
  });
  return result.outputFiles.map((f) => ({ path: f.path, contents: f.contents }));
}
