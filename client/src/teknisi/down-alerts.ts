// Sound and browser notification on a new DOWN. Nothing happens until the technician taps
// "Aktifkan notifikasi" and the browser grants permission; the choice is remembered on this
// device. Notifications go through a tiny service worker when the browser has one (Chrome on
// Android cannot show them any other way), else through `new Notification`. The sound is made
// with Web Audio (no file to fetch); phones keep audio suspended until a tap, so the enabling tap
// unlocks it, and after a reload the first tap anywhere on the page does.
import swUrl from './teknisi-sw.js?url&no-inline';

export type AlertStatus = 'unsupported' | 'off' | 'on' | 'blocked';

const PREF_KEY = 'pantau.teknisi.alerts';

export interface DownNotice {
  title: string;
  body: string;
  /** One notification per incident: a repeat replaces, never stacks. */
  tag: string;
  /** Page to open when tapped (same site, under /teknisi). */
  url: string;
}

let audio: AudioContext | null = null;
let registration: Promise<ServiceWorkerRegistration | null> | null = null;

function supported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

function storedPref(): boolean {
  try {
    return localStorage.getItem(PREF_KEY) === 'on';
  } catch {
    return false;
  }
}

function storePref(on: boolean): void {
  try {
    if (on) localStorage.setItem(PREF_KEY, 'on');
    else localStorage.removeItem(PREF_KEY);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

/** Status at page load: on only if chosen before on this device and still permitted. */
export function initialAlertStatus(): AlertStatus {
  if (!supported()) return 'unsupported';
  if (!storedPref()) return 'off';
  if (Notification.permission === 'granted') {
    void registerWorker();
    return 'on';
  }
  return Notification.permission === 'denied' ? 'blocked' : 'off';
}

/** Must run inside the tap's handler: permission prompts and audio need a user gesture. */
export async function enableAlerts(): Promise<AlertStatus> {
  unlockSound();
  if (!supported()) return 'unsupported';
  let permission = Notification.permission;
  if (permission === 'default') {
    try {
      permission = await Notification.requestPermission();
    } catch {
      permission = 'denied';
    }
  }
  if (permission !== 'granted') {
    storePref(false);
    return permission === 'denied' ? 'blocked' : 'off';
  }
  storePref(true);
  void registerWorker();
  // The same sound a DOWN makes, so the technician knows it and knows the volume is up.
  playDownSound();
  return 'on';
}

export function disableAlerts(): AlertStatus {
  storePref(false);
  return supported() ? 'off' : 'unsupported';
}

function registerWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(null);
  registration ??= navigator.serviceWorker.register(swUrl).catch((error) => {
    console.warn('notification worker unavailable; using page notifications', error);
    return null;
  });
  return registration;
}

export async function showDownNotice(notice: DownNotice, onClick: (url: string) => void): Promise<void> {
  if (!supported() || Notification.permission !== 'granted') return;
  const options: NotificationOptions = { body: notice.body, tag: notice.tag, data: { url: notice.url }, requireInteraction: true };
  const reg = await registerWorker();
  if (reg) {
    try {
      await reg.showNotification(notice.title, options);
      return;
    } catch (error) {
      console.warn('worker notification failed; trying a page notification', error);
    }
  }
  try {
    const n = new Notification(notice.title, options);
    n.onclick = () => {
      window.focus();
      onClick(notice.url);
      n.close();
    };
  } catch (error) {
    console.warn('notification failed', error);
  }
}

/** A tapped notification asks an open /teknisi page (this one) to show a service. */
export function onNotificationNavigate(handler: (url: string) => void): () => void {
  if (!('serviceWorker' in navigator)) return () => {};
  const listener = (event: MessageEvent) => {
    const data = event.data as { type?: unknown; url?: unknown } | null;
    if (data?.type === 'pantau:navigate' && typeof data.url === 'string') handler(data.url);
  };
  navigator.serviceWorker.addEventListener('message', listener);
  navigator.serviceWorker.startMessages();
  return () => navigator.serviceWorker.removeEventListener('message', listener);
}

/** Creates or resumes the audio context; call from a tap. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch (error) {
    console.warn('sound unavailable', error);
  }
}

/** A falling two-tone: "something broke" (the wall's chime rises, so the two are not confused). */
export function playDownSound(): void {
  if (!audio) return;
  try {
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime + 0.02;
    for (const [i, freq] of [880, 587].entries()) {
      const at = start + i * 0.22;
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'triangle';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.35, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + 0.4);
    }
  } catch (error) {
    console.warn('sound failed', error);
  }
}
