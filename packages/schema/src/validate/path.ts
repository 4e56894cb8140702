/** Issue paths: `$input.items[2].qty`, `$input["odd key"]` (JSON-escaped for anything else). */

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export const ROOT_PATH = "$input";

export function keyPath(path: string, key: string): string {
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}
