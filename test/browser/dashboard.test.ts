import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { trainCommand } from '../../src/cli/train.ts';
import { startDashboardServer, type DashboardServer } from '../../src/server/dashboard-server.ts';
import { syntheticRun } from '../server/synthetic-run.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let page: Page;
let server: DashboardServer | undefined;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  mkdirSync('test-artifacts', { recursive: true });
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await page?.close();
  await server?.close();
  server = undefined;
});

async function openPage(url: string): Promise<Page> {
  page = await browser.newPage({ viewport: { width: 1440, height: 1300 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

const points = (p: Page, id: string): Promise<number> =>
  p.$eval(`#${id}`, (el) => Number((el as HTMLElement).dataset.points ?? 0));

describe('dashboard page', () => {
  it('draws a synthetic run and a foreign publisher’s run live, with layers, histograms and an alert', async () => {
    server = await startDashboardServer({ port: 0 });
    const run = syntheticRun('mlp-1', 'mnist-mlp', 1);
    server.publish(run.hello);
    for (let step = 1; step <= 120; step++) for (const m of run.messagesAt(step)) server.publish(m);
    // A dead layer's Adam updates reach float32's denormals; the log chart must take them.
    server.publish({
      v: 1,
      type: 'health',
      runId: 'mlp-1',
      step: 121,
      layers: [{ nodeId: 'dense-1', updateRatio: 4.5e-39 }],
    });

    // A second run from a plain ws publisher that knows nothing of gradstream.
    const publisher = new WebSocket(`${server.url.replace('http', 'ws')}/ws?role=publisher`);
    sockets.push(publisher);
    await new Promise((r) => publisher.once('open', r));
    const other = syntheticRun('mlp-2', 'lr=3e-3', 7);
    publisher.send(JSON.stringify(other.hello));

    const p = await openPage(server.url);
    // Live: more steps arrive while the page is open.
    for (let step = 1; step <= 160; step++) {
      if (step > 120) for (const m of run.messagesAt(step)) server.publish(m);
      publisher.send(
        JSON.stringify({
          v: 1,
          type: 'batch',
          messages: other
            .messagesAt(step)
            .map((m) => ({ ...m, loss: 'loss' in m ? (m.loss as number) * 0.8 : undefined })),
        }),
      );
      if (step % 20 === 0) await new Promise((r) => setTimeout(r, 30));
    }

    await p.waitForFunction(() => Number(document.body.dataset.steps) === 320, undefined, {
      timeout: 10_000,
    });
    // NOTE: the step count is set on every frame, the charts at most every 100 ms: wait for both.
    await p.waitForFunction(() =>
      ['chart-loss', 'chart-norm'].every(
        (id) => Number((document.getElementById(id) as HTMLElement).dataset.points) >= 320,
      ),
    );
    expect(await points(p, 'chart-loss')).toBe(320);
    expect(await points(p, 'chart-norm')).toBe(6 * 160);
    expect(await points(p, 'chart-ratio')).toBeGreaterThan(0);
    expect(await points(p, 'chart-dead')).toBeGreaterThan(0);
    // Per-layer charts: the colour is the layer's, so the legend swatch carries the run's dash.
    const swatches = await p.$$eval('#chart-norm .u-legend .u-marker', (els) =>
      els.map((e) => getComputedStyle(e).borderTopStyle).filter((style) => style !== 'none'),
    );
    expect(new Set(swatches)).toEqual(new Set(['solid', 'dashed']));

    const layers = await p.$$eval('#layers .layer-name', (els) => els.map((e) => e.textContent));
    expect(layers).toEqual(['dense-1', 'relu-1', 'dense-2', 'relu-2', 'dense-3']);
    expect(await p.$$eval('#graph .graph-node', (els) => els.length)).toBe(6);
    expect(
      await p.$$eval('#runs .run-chip', (els) => els.map((e) => (e as HTMLElement).dataset.run)),
    ).toEqual(['mlp-1', 'mlp-2']);

    // The alert shows evidence and a fix, and clicking it focuses the layer.
    const alert = p.locator('#alerts .alert').first();
    await expect.poll(() => alert.textContent()).toContain('dying-relu');
    expect(await alert.textContent()).toContain('deadFraction');
    expect(await alert.textContent()).toContain('Try: lower the learning rate');
    await alert.click();
    await expect.poll(() => p.textContent('#heat-title')).toBe('relu-2');
    expect(await p.getAttribute('#graph .graph-node[data-node="relu-2"]', 'class')).toContain(
      'selected',
    );

    // Back to a dense layer for the screenshot: all three heatmaps filled.
    await p.click('#layers .layer-name:text-is("dense-2")');
    await expect.poll(() => p.textContent('#heat-title')).toBe('dense-2');
    expect(await p.isHidden('#heat-gradient .chart-empty')).toBe(true);

    // Pausing stops drawing while data keeps arriving.
    await p.click('#pause');
    const before = await points(p, 'chart-loss');
    for (let step = 161; step <= 180; step++)
      for (const m of run.messagesAt(step)) server.publish(m);
    await p.waitForFunction(() =>
      (document.getElementById('paused-steps') as HTMLElement).textContent?.includes('step 180'),
    );
    expect(await points(p, 'chart-loss')).toBe(before);
    await p.click('#pause');
    await p.waitForFunction(
      () => Number((document.getElementById('chart-loss') as HTMLElement).dataset.points) === 340,
    );

    await p.evaluate(() => window.scrollTo(0, 0));
    await p.waitForTimeout(300);
    await p.screenshot({ path: 'test-artifacts/dashboard.png', fullPage: true });
    expect((p as Page & { errors: string[] }).errors).toEqual([]);
  }, 40_000);

  it('focuses a layer of the run whose chip is clicked, when runs have different layers', async () => {
    server = await startDashboardServer({ port: 0 });
    const run = syntheticRun('mlp-1', 'mnist-mlp', 1);
    server.publish(run.hello);
    for (let step = 1; step <= 60; step++) for (const m of run.messagesAt(step)) server.publish(m);
    const v = 1;
    server.publish({
      v,
      type: 'hello',
      runId: 'tiny',
      name: 'tiny',
      graph: {
        nodes: [
          { id: 'input', op: 'input', inputs: [], outputShape: [4], params: [] },
          {
            id: 'fc1',
            op: 'linear',
            inputs: ['input'],
            outputShape: [2],
            params: [{ id: 'fc1/weight', shape: [4, 2] }],
          },
        ],
      },
    });
    for (let step = 1; step <= 60; step++) {
      server.publish({
        v,
        type: 'step',
        runId: 'tiny',
        step,
        epoch: 1,
        loss: 1 / step,
        accuracy: 0.5,
      });
      server.publish({
        v,
        type: 'histogram',
        runId: 'tiny',
        step,
        nodeId: 'fc1',
        kind: 'gradient',
        paramId: 'fc1/weight',
        min: -1,
        max: 1,
        counts: [1, 4, 9, 4, 1],
      });
    }

    const p = await openPage(server.url);
    await expect.poll(() => p.textContent('#heat-title')).toBe('dense-1');
    await p.click('#runs .run-chip[data-run="tiny"]');
    await expect.poll(() => p.textContent('#heat-title')).toBe('fc1');
    expect(await p.isHidden('#heat-gradient .chart-empty')).toBe(true);
    expect((p as Page & { errors: string[] }).errors).toEqual([]);
  });

  it('shows a real short training run, its histograms and the alert it raises', async () => {
    let url: string | undefined;
    const err: string[] = [];
    const output = {
      stdout: () => undefined,
      stderr: (line: string) => {
        err.push(line);
        url ??= /stays open at (http:\/\/\S+)/.exec(line)?.[1];
      },
      isTTY: false,
    };
    const sigintBefore = new Set(process.rawListeners('SIGINT'));
    // Eight sigmoid layers: the first layers' gradients vanish, and the monitors say so.
    const trained = trainCommand(
      'graphs/deep-sigmoid.json',
      { epochs: 1, trainSize: 6400, json: true, dashboard: true, port: 0, keepOpen: true },
      output,
    );
    while (url === undefined) await new Promise((r) => setTimeout(r, 20));

    const p = await openPage(url);
    await p.waitForFunction(() => Number(document.body.dataset.steps) === 100, undefined, {
      timeout: 20_000,
    });
    await p.waitForFunction(
      () =>
        Number((document.getElementById('chart-norm') as HTMLElement).dataset.points) >= 9 * 100,
    );
    expect(await points(p, 'chart-norm')).toBe(9 * 100);
    const layers = await p.$$eval('#layers .layer-name', (els) => els.map((e) => e.textContent));
    expect(layers).toEqual(expect.arrayContaining(['dense-1', 'sigmoid-1', 'logits']));
    const alert = p.locator('#alerts .alert').first();
    await expect.poll(() => alert.textContent()).toContain('vanishing-gradients');
    expect(await alert.textContent()).toContain('Try: use ReLU-family activations');
    await alert.click();
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.waitForTimeout(200);
    await p.screenshot({ path: 'test-artifacts/dashboard-real-run.png', fullPage: true });

    // With --keep-open the command waits for Ctrl-C: call its own listener, not everyone's.
    for (const listener of process.rawListeners('SIGINT')) {
      if (!sigintBefore.has(listener)) (listener as (signal: string) => void)('SIGINT');
    }
    await trained;
  }, 60_000);
});
