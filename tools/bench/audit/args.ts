/** `--name value` from the command line of a bench, or `fallback`. */
export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** A numeric `--name value`, or `fallback`. */
export function numberFlag(name: string, fallback: number): number {
  return Number(flag(name, String(fallback)));
}
