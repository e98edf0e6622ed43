/**
 * `npm run bench`: gradstream against TensorFlow.js (`cpu` and `wasm` backends) training the
 * same 784 → 256 ReLU → 128 ReLU → 10 network on the same digits, in one run.
 *
 * Each system trains in its own child process (plain node on an esbuild bundle), so their JIT
 * states and allocations stay apart. Repeats go round-robin across the systems, so load from
 * elsewhere on the machine falls on all of them alike; each system's figure is the median.
 *
 * Options: --repeats 3 --samples 2048 --warmup 1280 --no-monitor; --kernels instead times each
 * matrix multiply of a training step at its shape (bench/matmul-shapes.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { bundle, ROOT } from './bundle.ts';
import { BATCH_SIZE } from './bench-data.ts';
import type { TrainerReply, TrainerRequest } from './trainer-protocol.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const repeats = option('repeats', 3);
const samples = option('samples', 2048);
const warmup = option('warmup', 1280);
const withMonitor = !args.includes('--no-monitor');

/** A trainer child and a way to ask it for one timed run. */
interface System {
  readonly name: string;
  readonly child: ChildProcess;
  run(samples: number): Promise<{ samples: number; seconds: number; loss: number }>;
}

/** Starts a trainer child and waits until it has loaded its data and built its model. */
async function startSystem(name: string, script: string, argv: string[]): Promise<System> {
  const child = fork(script, argv, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  // TF.js greets Node users on stderr with advice to install tfjs-node; keep everything else.
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk
      .toString()
      .split('\n')
      .filter((l) => l.trim() && !/Hi there|tfjs-node|npm i|=====|speed things up/.test(l));
    if (text.length) process.stderr.write(text.map((l) => `[${name}] ${l}\n`).join(''));
  });
  const replies: ((reply: TrainerReply) => void)[] = [];
  const nextReply = (): Promise<TrainerReply> => new Promise((resolve) => replies.push(resolve));
  child.on('message', (reply: TrainerReply) => replies.shift()?.(reply));
  child.on('exit', (code) => {
    if (code) replies.splice(0).forEach((r) => r({ error: `${name} exited with code ${code}` }));
  });

  const expectResult = (
    reply: TrainerReply,
  ): { samples: number; seconds: number; loss: number } => {
    if ('error' in reply) throw new Error(`[gradstream] bench: ${name} failed: ${reply.error}`);
    if ('ready' in reply) throw new Error(`[gradstream] bench: ${name} answered 'ready' to a run`);
    return reply;
  };
  const ready = await nextReply();
  if ('error' in ready)
    throw new Error(`[gradstream] bench: ${name} failed to start: ${ready.error}`);
  return {
    name,
    child,
    run(count) {
      const reply = nextReply();
      child.send({ run: count } satisfies TrainerRequest);
      return reply.then(expectResult);
    },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const started = performance.now();
  const wasmDir = join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  const gradstreamScript = await bundle('bench/gradstream-trainer.ts');
  const tfjsScript = await bundle('bench/tfjs-trainer.ts', { external: ['@tensorflow/*'] });

  // Start one system at a time so loading does not overlap anyone's timing.
  const systems: System[] = [];
  systems.push(
    await startSystem('gradstream', gradstreamScript, [join(ROOT, 'graphs', 'mnist-mlp.json')]),
  );
  systems.push(await startSystem('tfjs-cpu', tfjsScript, ['cpu', wasmDir]));
  systems.push(await startSystem('tfjs-wasm', tfjsScript, ['wasm', wasmDir]));

  for (const s of systems) await s.run(warmup);
  const rates = new Map<string, number[]>(systems.map((s) => [s.name, []]));
  const losses = new Map<string, number>();
  for (let r = 0; r < repeats; r++) {
    // Rotate the order each round so no system always runs first.
    for (let i = 0; i < systems.length; i++) {
      const s = systems[(i + r) % systems.length];
      const result = await s.run(samples);
      rates.get(s.name)?.push(result.samples / result.seconds);
      losses.set(s.name, result.loss);
    }
  }
  for (const s of systems) s.child.send({ exit: true } satisfies TrainerRequest);

  const rate = (name: string): number => median(rates.get(name) ?? []);
  printTable(
    systems.map((s) => ({
      name: s.name,
      rate: rate(s.name),
      all: rates.get(s.name) ?? [],
      loss: losses.get(s.name) ?? NaN,
    })),
  );
  const gs = rate('gradstream');
  console.log(`\ngradstream / tfjs-cpu:  ${(gs / rate('tfjs-cpu')).toFixed(2)}×`);
  console.log(`gradstream / tfjs-wasm: ${(gs / rate('tfjs-wasm')).toFixed(2)}×`);

  if (withMonitor) await monitorOverhead();
  console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function printTable(rows: { name: string; rate: number; all: number[]; loss: number }[]): void {
  const cpu = cpus();
  console.log(
    `machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}`,
  );
  console.log(
    `network: 784 → 256 ReLU → 128 ReLU → 10, softmax cross-entropy, Adam 1e-3, batch ${BATCH_SIZE}, mnist digits`,
  );
  console.log(
    `per system: ${warmup} samples warm-up, then median of ${repeats} × ${samples} samples (round-robin)\n`,
  );
  console.log('| system | samples/s (median) | repeats | last loss |');
  console.log('| --- | ---: | --- | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.rate.toFixed(0)} | ${r.all.map((x) => x.toFixed(0)).join(', ')} | ${r.loss.toFixed(3)} |`,
    );
  }
}

/** Runs bench/monitor-overhead.ts (another file's job) bundled, with a shorter schedule. */
async function monitorOverhead(): Promise<void> {
  if (!existsSync(join(ROOT, 'bench', 'monitor-overhead.ts'))) return;
  console.log('\nmonitor overhead (bench/monitor-overhead.ts --rounds 6 --block 25):');
  const script = await bundle('bench/monitor-overhead.ts', { keepSourceUrl: true });
  const child = fork(script, ['--rounds', '6', '--block', '25'], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code) console.log(`(monitor-overhead exited with code ${code})`);
}

async function kernels(): Promise<void> {
  const script = await bundle('bench/matmul-shapes.ts');
  const child = fork(script, [], { stdio: 'inherit' });
  await new Promise((resolve) => child.on('exit', resolve));
}

await (args.includes('--kernels') ? kernels() : main());
