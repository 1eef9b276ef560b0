// Booking codes as people type them or as the receipt's QR code carries them, and reading that QR
// code with the device's camera where the browser has BarcodeDetector (Chromium on Android and
// ChromeOS; not every browser). Typed entry never depends on any of this.

// PROVINCE-XXXX-XXXX-XXXX (see storage/secrets.cc): two letters, then three groups of four.
const CODE = /\b([A-Z]{2})-?([0-9A-Z]{4})-?([0-9A-Z]{4})-?([0-9A-Z]{4})\b/i;

// The code as the server reads it, from what was typed: spaces and other separators dropped,
// dashes put back where they belong, upper case. Anything else is sent as typed (trimmed), and the
// server answers not_found.
export function normalizeCode(typed) {
  const compact = String(typed).toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (/^[A-Z]{2}[0-9A-Z]{12}$/.test(compact)) {
    return `${compact.slice(0, 2)}-${compact.slice(2, 6)}-${compact.slice(6, 10)}-${compact.slice(10)}`;
  }
  return String(typed).trim();
}

// The booking code in a QR code's text: the receipt's QR holds the code itself (receipt.js); a
// link with `code=` in its query or fragment, or any text with a code in it, is read too.
export function codeFromQr(text) {
  try {
    const url = new URL(text);
    const named = url.searchParams.get('code') || new URLSearchParams(url.hash.slice(1)).get('code');
    if (named) return normalizeCode(named);
  } catch {
    /* not a link */
  }
  const match = CODE.exec(text);
  return match ? normalizeCode(match.slice(1).join('')) : normalizeCode(text);
}

// True when this browser can read QR codes and the device has a camera to read them with.
export async function canScan() {
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia || !window.isSecureContext) return false;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) return false;
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.some((device) => device.kind === 'videoinput');
  } catch {
    return false;
  }
}

// Shows the camera in `video` and looks for a QR code a few times a second. Resolves with the QR
// code's text, or null when stopped (the returned `stop()`) or after `timeoutMs`; rejects when the
// camera cannot be used. The camera is released in every case.
export function scanQr(video, { timeoutMs = 60_000 } = {}) {
  let stopped = false;
  let finish = () => {};
  const result = new Promise((resolve, reject) => {
    let stream = null;
    let timer = 0;
    const release = () => {
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
      video.srcObject = null;
    };
    const end = (value, error) => {
      if (stopped) return;
      stopped = true;
      release();
      if (error) reject(error);
      else resolve(value);
    };
    finish = () => end(null);
    const look = async (detector) => {
      if (stopped) return;
      try {
        const [found] = await detector.detect(video);
        if (found?.rawValue) return end(found.rawValue);
      } catch {
        /* a frame not ready yet: try the next one */
      }
      window.setTimeout(() => look(detector), 250);
    };
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
        if (stopped) return release();  // stopped while the camera was starting
        video.srcObject = stream;
        await video.play();
        timer = window.setTimeout(() => end(null), timeoutMs);
        look(new window.BarcodeDetector({ formats: ['qr_code'] }));
      } catch (error) {
        end(null, error);
      }
    })();
  });
  return { result, stop: () => finish() };
}
