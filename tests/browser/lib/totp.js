// RFC 6238 time-based one-time passwords (HMAC-SHA1, 30 s, 6 digits),
// computed here from the secret that the enrol endpoint returns.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text) {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error('not base32: ' + ch);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 4226 HOTP for one counter value.
export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export function totpAt(secret, unixSeconds, step = 30) {
  return hotp(base32Decode(secret), Math.floor(unixSeconds / step));
}

// A code the server has not seen yet for this secret: the server refuses a
// time step it has already accepted, and accepts one step either side.  When
// the current and the next step are both used, wait for time to move on.
const lastUsed = new Map();

export async function freshCode(secret) {
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    const current = Math.floor(now / 30);
    const last = lastUsed.has(secret) ? lastUsed.get(secret) : -1;
    let counter = current;
    if (counter <= last) counter = last + 1;
    if (counter <= current + 1) {
      lastUsed.set(secret, counter);
      return hotp(base32Decode(secret), counter);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// A code that is certainly wrong for this secret now.
export function wrongCode(secret) {
  const now = Math.floor(Date.now() / 1000);
  const key = base32Decode(secret);
  const near = new Set([-2, -1, 0, 1, 2].map((d) => hotp(key, Math.floor(now / 30) + d)));
  for (let i = 0; ; i++) {
    const c = String((123456 + i * 7919) % 1000000).padStart(6, '0');
    if (!near.has(c)) return c;
  }
}
