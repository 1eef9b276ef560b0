// A short two-tone chime ("ding-dong") made with WebAudio: no sound file. Browsers keep audio
// suspended until someone touches the page, unless started to allow it (chromium
// --autoplay-policy=no-user-gesture-required, see web/README.md); soundBlocked() says which.

let context = null;

function audio() {
  if (context) return context;
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return null;
  try {
    context = new Context();
  } catch {
    context = null;
  }
  return context;
}

// True when the browser holds the sound back until a user gesture (enableSound from a click).
export function soundBlocked() {
  const sound = audio();
  return Boolean(sound) && sound.state !== 'running';
}

// Tells `listener` when sound becomes allowed (after enableSound, or the browser's own decision).
export function onSoundAllowed(listener) {
  audio()?.addEventListener('statechange', () => { if (context.state === 'running') listener(); });
}

// Call from a click: lets the page make sound from now on, and plays the chime once to show it.
export async function enableSound() {
  await audio()?.resume().catch(() => {});
  chime();
}

function tone(frequency, at, seconds) {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.5, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(at);
  oscillator.stop(at + seconds + 0.05);
}

// Plays the chime; false when sound is not (yet) allowed.
export function chime() {
  if (!context || context.state !== 'running') return false;
  const now = context.currentTime;
  tone(880, now, 0.45);            // A5
  tone(659.25, now + 0.45, 0.8);   // E5
  return true;
}
