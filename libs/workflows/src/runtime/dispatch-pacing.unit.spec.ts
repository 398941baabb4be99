import { afterDispatchRound, EventLoopBusyGauge, type BusyGauge } from './dispatch-pacing';

const gauge = (busy: boolean): BusyGauge => ({ busySinceLastAsked: () => busy });
const pacing = { batchSize: 50, busyPauseMs: 500 };

describe('dispatch pacing', () => {
  it('goes again at once after a full round while the process has room', () => {
    expect(afterDispatchRound(50, pacing, gauge(false))).toBe('more');
  });

  it('waits the busy pause after a full round while the process is busy', () => {
    expect(afterDispatchRound(50, pacing, gauge(true))).toBe(500);
  });

  it('idles after a round that found less than a batch, busy or not', () => {
    expect(afterDispatchRound(49, pacing, gauge(true))).toBe('idle');
    expect(afterDispatchRound(0, pacing, gauge(false))).toBe('idle');
  });
});

describe('event-loop busy gauge', () => {
  it('calls the process busy after the loop was kept running, and not after it slept', async () => {
    const busyGauge = new EventLoopBusyGauge(0.8);
    busyGauge.busySinceLastAsked();
    const until = Date.now() + 150;
    while (Date.now() < until); // holds the event loop, as a flood of work would
    expect(busyGauge.busySinceLastAsked()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(busyGauge.busySinceLastAsked()).toBe(false);
  });
});
