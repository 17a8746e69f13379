// One 1 Hz tick for the whole wall (clock, "down since" durations, ticker ages), aligned to the
// second so the clock never skips or shows a second twice.
export class Clock {
  now = $state(Date.now());
  #timeout: ReturnType<typeof setTimeout> | null = null;

  start(): void {
    const tick = () => {
      this.now = Date.now();
      this.#timeout = setTimeout(tick, 1000 - (this.now % 1000) + 5);
    };
    tick();
  }

  stop(): void {
    if (this.#timeout) clearTimeout(this.#timeout);
    this.#timeout = null;
  }
}
