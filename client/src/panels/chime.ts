// A short two-tone chime made with WebAudio (no audio file to fetch). Off by default; the wall
// enables it with ?chime=1. Browsers may keep audio muted until the page was interacted with;
// kiosk browsers are usually started with autoplay allowed.
let context: AudioContext | null = null;

export function playChime(): void {
  try {
    context ??= new AudioContext();
    const start = context.currentTime;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.3, start + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.25 + 0.4);
      osc.connect(gain).connect(context.destination);
      osc.start(start + i * 0.25);
      osc.stop(start + i * 0.25 + 0.45);
    }
  } catch (error) {
    console.warn('chime unavailable', error);
  }
}
