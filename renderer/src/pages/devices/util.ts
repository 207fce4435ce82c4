/** Small helpers of the Devices page: times and a beep (its words: i18n/tables/devices.ts). */

/** 14:03:27.016 from epoch ms or an ISO string. */
export function clock(at: number | string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

let audio: AudioContext | null = null;

/** A short scanner-like beep through WebAudio (no files, no network); silent when unavailable. */
export function beep(freq = 2400, ms = 120): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    audio ??= new Ctx();
    const ctx = audio;
    void ctx.resume();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = freq;
    const t0 = ctx.currentTime;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.08, t0 + 0.01);
    gain.gain.setValueAtTime(0.08, t0 + ms / 1000 - 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + ms / 1000);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0);
    osc.stop(t0 + ms / 1000 + 0.02);
  } catch {
    // No audio device: the button's notice still says it ran.
  }
}
