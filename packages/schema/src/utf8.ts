const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** True when `s` has no lone surrogate, so it has an exact UTF-8 form. */
export function isWellFormed(s: string): boolean {
  return !/\p{Surrogate}/u.test(s);
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Orders strings by their UTF-8 bytes (not UTF-16 code units, which differ above U+FFFF). */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const x = utf8(a);
  const y = utf8(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function compareBytes(x: Uint8Array, y: Uint8Array): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
