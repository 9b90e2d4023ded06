/**
 * AMQP topic matching, as the broker does it: `*` is exactly one word, `#` zero or more.
 * The broker already filtered what a queue receives; this picks the handler within a service.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  return match(pattern.split('.'), 0, routingKey.split('.'), 0);
}

function match(p: string[], i: number, k: string[], j: number): boolean {
  if (i === p.length) return j === k.length;
  if (p[i] === '#') {
    for (let skip = j; skip <= k.length; skip++) if (match(p, i + 1, k, skip)) return true;
    return false;
  }
  if (j === k.length) return false;
  return (p[i] === '*' || p[i] === k[j]) && match(p, i + 1, k, j + 1);
}

/** Exact patterns win over wildcards, then the most specific (fewest wildcards) wins. */
export function pickPattern(patterns: Iterable<string>, routingKey: string): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const p of patterns) {
    if (!topicMatches(p, routingKey)) continue;
    const score = p === routingKey ? 1e6 : p.split('.').filter((w) => w !== '*' && w !== '#').length;
    if (score > bestScore) [best, bestScore] = [p, score];
  }
  return best;
}
