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

/**
 * Structural words of the bodies we record, never stored in `search_terms` (so not in the index),
 * whatever their place in a body: the keys of UltraCart's and ONTRAPORT's JSON and of our own
 * bodies, ONTRAPORT's XML tags and attributes, XML-RPC's markup (Infusionsoft), and the syntax of
 * emails and URLs. They are in nearly every record of their integration, so they were most of a
 * record's index entries (with the generated bench records: 33 of 84) while nobody searches for
 * them alone: support staff search values (order ids, emails, SKUs, invoice numbers, error text).
 *
 * A search still finds them, like a short word: the index is asked only for the search's other
 * words and the phrase check on the bodies requires every word, in order; a search made only of
 * these and short words is the phrase check alone over the merchant's records, newest first
 * (`textSearch`), walked newest first and stopped when the page is full (`WALK_NEWEST_FIRST` in
 * transmission-sql.ts): a word in most records fills a page at once (`firstname` at 6,000 records
 * per merchant: 1.7 ms p50, was 37 ms while PostgreSQL read and sorted them all). A rare or absent
 * phrase of such words still reads every record of the merchant in the time asked for, 5–20 µs
 * each (no match at 6,000 records: 39 ms p50; at 100,000 and no time range about a second). That is
 * the trade-off taken for a third fewer index entries per record (the GIN index was most of a
 * record's cost to PostgreSQL: 60 → 46 µs per record alone, tools/bench/audit/write-cost.bench.ts).
 * Keys that are also words of error text, searched alone, stay indexed: `error`, `fault`,
 * `message`, `code`, `status`, `result`, `reason`, `type`, `retry`, `after`, `key`, `first`…
 *
 * Position is deliberately not considered (a key is left out, so is the same word as a value):
 * the query side must know, from the word alone, that the index cannot hold it. Rows stored
 * before a word was listed keep it in their terms (a superset, never asked for: still correct).
 * So this list may only grow: a word removed from it would be asked of the index, which lacks it
 * in every record stored while it was listed.
 */
export const STRUCTURAL_WORDS: ReadonlySet<string> = new Set([
  // XML and XML-RPC markup (Infusionsoft): <?xml version encoding="UTF-8"?><methodCall>…
  'xml', 'version', 'encoding', 'utf', 'methodcall', 'methodname', 'methodresponse', 'params', 'param', 'value', 'struct', 'member',
  'name', 'string', 'int', 'boolean', 'double', 'datetime', 'iso8601', 'base64', 'array', 'data', 'nil',
  // ONTRAPORT's XML (contact and product data, requests and results) and form fields.
  'contact', 'contacts', 'field', 'tag', 'reqtype', 'appid', 'product', 'products', 'purchases',
  // Order and contact JSON keys (UltraCart orders, ONTRAPORT REST, the hub's own bodies).
  'merchant', 'order', 'orders', 'invoice', 'email', 'firstname', 'lastname', 'address', 'address1', 'address2', 'city', 'state', 'region',
  'zip', 'postal', 'country', 'phone', 'billto', 'shipto', 'items', 'item', 'description', 'quantity', 'unit', 'cost', 'price', 'weight',
  'totals', 'subtotal', 'tax', 'taxable', 'shipping', 'total', 'payment', 'method', 'card', 'tags', 'notes', 'account',
  // Email and URL syntax.
  'com', 'http', 'https', 'www',
]);

const NOT_WORD = /[^\p{L}\p{N}]+/u;

/** Whether `search_terms` holds this word when a body has it (see `STRUCTURAL_WORDS`, `MIN_INDEXED_WORD_CHARS`). */
export function isIndexedWord(word: string): boolean {
  return word.length >= MIN_INDEXED_WORD_CHARS && word.length <= MAX_WORD_CHARS && !STRUCTURAL_WORDS.has(word);
}

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
    if (isIndexedWord(w)) distinct.add(w);
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
          const cut = text.slice(start, i);
          const w = capital ? cut.toLowerCase() : cut;
          if (!STRUCTURAL_WORDS.has(w)) distinct.add(w);
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
   * Words the record's terms must hold (answered by the GIN index): a tsquery. Absent when no word
   * is one the index holds (`isIndexedWord`: all too short or structural): the phrase check alone
   * then decides.
   */
  tsquery?: string;
  /**
   * With more than one word, or with only words the index does not hold, every word in that
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
  // Words the index does not hold (too short, structural) are left to the phrase check.
  const indexed = [...new Set(ws)].filter(isIndexedWord);
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
