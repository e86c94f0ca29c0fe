import { describe, expect, it } from 'vitest';
import { FramePacer } from './FramePacer.js';

/** A render function whose calls the test resolves by hand. */
function manualRenderer(): { render: (t: number) => Promise<number>; calls: number[]; finish: (index?: number) => void } {
  const calls: number[] = [];
  const resolvers: (() => void)[] = [];
  return {
    calls,
    render: (t: number) => {
      calls.push(t);
      return new Promise<number>((resolve) => { resolvers.push(() => resolve(t)); });
    },
    finish: (index = resolvers.length - 1) => resolvers[index]!(),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('FramePacer', () => {
  it('never blocks, renders the newest requested time and drops the ones in between', async () => {
    const r = manualRenderer();
    const frames: number[] = [];
    const pacer = new FramePacer({ render: r.render, onFrame: (_f, t) => frames.push(t) });
    pacer.request(0);
    pacer.request(1); // pending
    pacer.request(2); // replaces 1 → dropped
    pacer.request(3); // replaces 2 → dropped
    expect(r.calls).toEqual([0]);
    expect(pacer.stats.busy).toBe(true);
    r.finish(0);
    await tick();
    expect(r.calls).toEqual([0, 3]);
    r.finish(1);
    await pacer.idle();
    expect(frames).toEqual([0, 3]);
    expect(pacer.stats).toMatchObject({ rendered: 2, dropped: 2, busy: false });
  });

  it('reports the achieved fps from the clock', async () => {
    let now = 0;
    const pacer = new FramePacer({
      render: async (t: number) => { now += 50; return t; }, // 50 ms per frame → 20 fps
      onFrame: () => undefined, now: () => now, fpsWindow: 5,
    });
    for (let i = 0; i < 6; i += 1) {
      pacer.request(i);
      await pacer.idle();
    }
    expect(pacer.stats.fps).toBeCloseTo(20);
    expect(pacer.stats.lastRenderMs).toBe(50);
  });

  it('keeps going after a render error and reports it', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const frames: number[] = [];
    const pacer = new FramePacer({
      render: async (t: number) => { if (fail) { fail = false; throw new Error('boom'); } return t; },
      onFrame: (_f, t) => frames.push(t), onError: (e) => errors.push(e),
    });
    pacer.request(1);
    await pacer.idle();
    pacer.request(2);
    await pacer.idle();
    expect(errors).toHaveLength(1);
    expect(frames).toEqual([2]);
  });

  it('dispose aborts the running render and ignores later requests', async () => {
    const r = manualRenderer();
    let signal: AbortSignal | undefined;
    const frames: number[] = [];
    const pacer = new FramePacer({ render: (t, s) => { signal = s; return r.render(t); }, onFrame: (_f, t) => frames.push(t) });
    pacer.request(1);
    pacer.request(2);
    pacer.dispose();
    expect(signal?.aborted).toBe(true);
    r.finish(0);
    await pacer.idle();
    pacer.request(3);
    expect(r.calls).toEqual([1]);
    expect(frames).toEqual([]);
  });
});
