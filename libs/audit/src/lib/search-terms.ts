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

/**
 * Shorter words (`a`, `9`, `00`, `us`, `id`: the bulk of a JSON or XML body's digits, units,
 * codes and keys) are not stored in `search_terms`, so they are not in the index: they were about
 * 30 % of a record's index entries, and the GIN index is most of what a record costs PostgreSQL
 * to write (tools/bench/audit/README.md). A search still finds them: through its longer words, with
 * every word then checked on the bodies, or, when all its words are this short, by the phrase
 * check alone over the merchant's records, newest first (`textSearch`).
 */
export const MIN_INDEXED_WORD_CHARS = 3;

const NOT_WORD = /[^\p{L}\p{N}]+/u;

/** The words of a text, lower-case, in order (repeats kept). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(NOT_WORD)
    .filter((w) => w.length > 0 && w.length <= MAX_WORD_CHARS);
}

/** Any character outside ASCII: such a text takes the Unicode-aware split. */
const NON_ASCII = /[\u0080-\uffff]/;
/** ASCII letters and digits: in ASCII exactly what `\p{L}` and `\p{N}` match. */
const ASCII_WORD_CHAR = new Uint8Array(128);
for (const [from, to] of [['0', '9'], ['A', 'Z'], ['a', 'z']]) for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) ASCII_WORD_CHAR[c] = 1;

/**
 * The distinct words of the given bodies that the index holds (`MIN_INDEXED_WORD_CHARS` to
 * `MAX_WORD_CHARS` long), separated by one space, in the order they first occur: what
 * `search_terms` holds. Never an empty word (`array_to_tsvector` refuses those). Not sorted:
 * `array_to_tsvector` sorts them anyway, for less CPU than sorting them here (sorting in V8
 * doubled this function's cost).
 *
 * An ASCII body (nearly every one: JSON and XML escape the rest) is scanned character by
 * character, each word cut out once and lower-cased only if it holds a capital: a third less CPU
 * and fewer short-lived strings than lower-casing the whole body and splitting it with a Unicode
 * regular expression, which other bodies still take. Same words, same order either way.
 */
export function searchTerms(...bodies: ReadonlyArray<string | null | undefined>): string {
  const distinct = new Set<string>();
  const add = (w: string) => {
    if (w.length >= MIN_INDEXED_WORD_CHARS && w.length <= MAX_WORD_CHARS) distinct.add(w);
  };
  for (const body of bodies) {
    if (!body) continue;
    const text = body.length > SEARCHABLE_BODY_CHARS ? body.slice(0, SEARCHABLE_BODY_CHARS) : body;
    if (NON_ASCII.test(text)) {
      for (const w of text.toLowerCase().split(NOT_WORD)) add(w);
      continue;
    }
    let start = -1;
    let capital = false;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 0;
      if (ASCII_WORD_CHAR[c] === 1) {
        if (start < 0) {
          start = i;
          capital = false;
        }
        if (c <= 90 && c >= 65) capital = true;
      } else if (start >= 0) {
        const len = i - start;
        if (len >= MIN_INDEXED_WORD_CHARS && len <= MAX_WORD_CHARS) {
          const w = text.slice(start, i);
          distinct.add(capital ? w.toLowerCase() : w);
        }
        start = -1;
      }
    }
  }
  // One flat string: built by concatenation it would be a rope of a few hundred pieces, kept with
  // its row until the batch is written (twice the CPU of toRows, most of it garbage collection).
  return [...distinct].join(' ');
}

export interface TextSearch {
  /**
   * Words the record's terms must hold (answered by the GIN index): a tsquery. Absent when every
   * word is shorter than `MIN_INDEXED_WORD_CHARS`: the phrase check alone then decides.
   */
  tsquery?: string;
  /**
   * With more than one word, or with only words too short for the index, every word in that
   * order, separated only by characters that are not letters or digits: a case-insensitive
   * PostgreSQL regular expression, checked on the bodies of the records the index found (or of
   * the merchant's records, newest first, when there is no tsquery).
   */
  phrase?: string;
}

/**
 * A word is "common" when it is in at least this share of the records of every partition
 * (PostgreSQL's statistics of the text index, see `COMMON_WORDS_SQL`).
 */
export const COMMON_WORD_SHARE = 0.5;

/**
 * What a search text asks for, or undefined if it has no word to look for (it then finds nothing).
 *
 * Words `isCommon` names are left out of the index's question when a rarer word is there to ask
 * for: the GIN index checks every candidate of the rare word against each common word's huge
 * posting tree (an SKU search `sku 1918` at 1M records: 4.2–4.4 ms p50 with `sku`, 1.7 without).
 * The phrase check on the bodies still requires every word, so the answer is the same.
 */
export function textSearch(text: string, isCommon: (word: string) => boolean = () => false): TextSearch | undefined {
  const ws = words(text);
  if (!ws.length) return undefined;
  const phrase = `(^|[^[:alnum:]])${ws.join('[^[:alnum:]]+')}($|[^[:alnum:]])`;
  // Words too short for the index are left to the phrase check.
  const indexed = [...new Set(ws)].filter((w) => w.length >= MIN_INDEXED_WORD_CHARS);
  if (!indexed.length) return { phrase };
  const rare = indexed.filter((w) => !isCommon(w));
  // Words are letters and digits only, so quoting them needs no escaping.
  const tsquery = (rare.length ? rare : indexed).map((w) => `'${w}'`).join(' & ');
  if (ws.length === 1) return { tsquery };
  return { tsquery, phrase };
}

/**
 * The words in at least `$1` (`COMMON_WORD_SHARE`) of the records of every partition that has
 * statistics, from PostgreSQL's most common elements of the text index (ANALYZE, autovacuum).
 */
export const COMMON_WORDS_SQL = `WITH stats AS (
    SELECT most_common_elems::text::text[] AS words, most_common_elem_freqs AS shares FROM pg_stats
    WHERE schemaname = current_schema() AND tablename LIKE 'transmissions%' AND attname = 'array_to_tsvector')
  SELECT w.word FROM stats CROSS JOIN LATERAL unnest(stats.words, stats.shares) AS w(word, share)
  WHERE w.word IS NOT NULL AND w.share >= $1
  GROUP BY w.word HAVING count(*) = (SELECT count(*) FROM stats)`;
