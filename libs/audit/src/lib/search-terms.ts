/**
 * Body search works on words: runs of letters and digits, any case. `INV-77123` is the word `inv`
 * followed by the word `77123`; `jo@shop.test` is `jo`, `shop`, `test`.
 *
 * audit-log splits both bodies of a record into their distinct words once, on arrival, and stores
 * them space-separated (`search_terms`). PostgreSQL indexes that list (GIN over
 * `SEARCH_VECTOR`) instead of parsing every body with `to_tsvector`: its parser cost about 120 µs
 * of PostgreSQL CPU per 2 KB record, most of what a write cost (tools/bench/audit/README.md).
 */

/** Each body is searchable in its first this many characters (as before: `left(body, 200000)`). */
export const SEARCHABLE_BODY_CHARS = 200_000;

/**
 * Longer words are not indexed: a tsvector lexeme holds at most 2047 bytes, and 500 UTF-16 units
 * are at most 1500 bytes of UTF-8. Nobody searches for half a kilobyte of base64.
 */
export const MAX_WORD_CHARS = 500;

const NOT_WORD = /[^\p{L}\p{N}]+/u;

/** The words of a text, lower-case, in order (repeats kept). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(NOT_WORD)
    .filter((w) => w.length > 0 && w.length <= MAX_WORD_CHARS);
}

/**
 * The distinct words of the given bodies, separated by one space: what `search_terms` holds.
 * Never an empty word (`array_to_tsvector` refuses those). Not sorted: `array_to_tsvector` sorts
 * them anyway, for less CPU than sorting them here (sorting in V8 doubled this function's cost).
 */
export function searchTerms(...bodies: ReadonlyArray<string | null | undefined>): string {
  const distinct = new Set<string>();
  for (const body of bodies) {
    if (!body) continue;
    const text = (body.length > SEARCHABLE_BODY_CHARS ? body.slice(0, SEARCHABLE_BODY_CHARS) : body).toLowerCase();
    for (const w of text.split(NOT_WORD)) if (w.length > 0 && w.length <= MAX_WORD_CHARS) distinct.add(w);
  }
  return [...distinct].join(' ');
}

export interface TextSearch {
  /** Every word must be among the record's terms (answered by the GIN index): a tsquery. */
  tsquery: string;
  /**
   * With more than one word, they must also follow each other in that order, separated only by
   * characters that are not letters or digits: a case-insensitive PostgreSQL regular expression,
   * checked on the bodies of the records the index found.
   */
  phrase?: string;
}

/** What a search text asks for, or undefined if it has no word to look for (it then finds nothing). */
export function textSearch(text: string): TextSearch | undefined {
  const ws = words(text);
  if (!ws.length) return undefined;
  // Words are letters and digits only, so quoting them needs no escaping.
  const tsquery = [...new Set(ws)].map((w) => `'${w}'`).join(' & ');
  if (ws.length === 1) return { tsquery };
  return { tsquery, phrase: `(^|[^[:alnum:]])${ws.join('[^[:alnum:]]+')}($|[^[:alnum:]])` };
}
