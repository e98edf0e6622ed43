#!/usr/bin/env -S npx --yes tsx
import { Command, InvalidArgumentError } from 'commander';
import { watchBrokenPipe } from './broken-pipe.ts';
import { gradCommand } from './grad.ts';
import { inspectCommand } from './inspect.ts';
import { serveCommand } from './serve.ts';
import { trainCommand } from './train.ts';

const program = new Command()
  .name('gradstream')
  .description('Train neural networks as reactive dataflow graphs and watch their gradients flow.')
  .showHelpAfterError('(run with --help for usage)');

program
  .command('train')
  .description(
    "train a graph on the mnist package's digits, or on your own IDX or CSV files (docs/data.md)",
  )
  .argument('<graph>', 'graph spec (JSON), e.g. graphs/mnist-mlp.json')
  .option('--epochs <n>', "epochs (default: the graph's training.epochs)", integer)
  .option('--batch-size <n>', "mini-batch size (default: the graph's training.batchSize)", integer)
  .option('--lr <x>', "learning rate, replacing the optimizer's lr", number)
  .option(
    '--seed <n>',
    "seed for weights, split and shuffling (default: the graph's training.seed)",
    integer,
  )
  .option(
    '--train-size <n>',
    'use only the first n training samples of the split (default: all)',
    integer,
  )
  .option(
    '--test-size <n>',
    "hold out n samples for testing (default: the graph's training.testSize)",
    integer,
  )
  .option('--data <source>', 'mnist (default), idx or csv; implied by --images/--labels or --csv')
  .option('--images <file>', 'IDX images file, .gz or not (with --labels)')
  .option('--labels <file>', 'IDX labels file, .gz or not (with --images)')
  .option('--csv <file>', 'CSV file of numbers: one sample per line, one label column')
  .option(
    '--label-column <name|n>',
    'CSV label column: header name or number from 1 (default: "label", else the first)',
  )
  .option('--header', "the CSV's line 1 is a header row (default: detected)")
  .option('--no-header', 'the CSV has no header row')
  .option('--dashboard', 'serve the live dashboard while training')
  .option('--port <n>', 'dashboard port; 0 (the default) picks a free one', integer)
  .option('--host <host>', 'dashboard address to bind (default 127.0.0.1)')
  .option('--keep-open', 'keep the dashboard up after training, until Ctrl-C')
  .option(
    '--json',
    'print only JSON Lines on stdout: one record per epoch, then {"type":"done",...}',
  )
  .option('--stats-out <file>', 'write per-step gradient and activation statistics as JSON Lines')
  .action(async (graph: string, options) => {
    await trainCommand(graph, options, terminal, readerGone);
  });

program
  .command('inspect')
  .description('print every node with its op, output shape and parameter count, and the total')
  .argument('<graph>', 'graph spec (JSON)')
  .option('--json', 'print one JSON object instead of a table')
  .action((graph: string, options) => {
    terminal.stdout(inspectCommand(graph, options));
  });

program
  .command('grad')
  .description('print an activation and its derivative at each x')
  .argument('<activation>', 'sigmoid, tanh, relu, leakyRelu, elu, ..., softmax, logSoftmax')
  .argument('<x...>', 'points to evaluate (for softmax and logSoftmax: one vector)')
  .option('--alpha <a>', 'the alpha of leakyRelu or elu', number)
  .option(
    '--param <name=value>',
    'any other activation parameter (repeatable)',
    collect,
    [] as string[],
  )
  .option('--json', 'print one JSON object {activation, params, x, y, dydx}')
  .action((name: string, xs: string[], options) => {
    terminal.stdout(gradCommand(name, xs, options));
  });

program
  .command('serve')
  .description('serve the dashboard alone; any trainer can publish to it (docs/protocol.md)')
  .option('--port <n>', 'port; 0 picks a free one', integer, 8080)
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .action(async (options: { port: number; host: string }) => {
    const server = await serveCommand(options, terminal);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    await server.close();
  });

const readerGone = watchBrokenPipe([process.stdout, process.stderr]);

const terminal = {
  stdout: (line: string) => process.stdout.write(`${line}\n`),
  stderr: (line: string) => process.stderr.write(`${line}\n`),
  isTTY: process.stderr.isTTY === true,
};

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function number(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a finite number');
  return n;
}

try {
  await program.parseAsync();
} catch (error) {
  // A reader that went away (`| head -1`) ended the run on purpose: nothing to say, no failure.
  if (readerGone.aborted) process.exit(0);
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
