// Type declarations for glossa (pkg/glossa.js).

/** A glossary manifest entry (see the manifest format in the README). */
export interface TermEntry {
  id: string;
  title: string;
  acronym?: string;
  aliases?: string[];
  letter?: string;
  category?: string;
  difficulty?: string;
  description?: string;
  path?: string;
  /** The term's payload URL (absolute once loaded). */
  url: string;
  related?: string[];
}

/** A piece of a result snippet; `mark` pieces are the matched words. */
export interface SnippetSegment { text: string; mark?: boolean }

export interface SearchResult {
  id: string;
  slug: string;
  title: string;
  score: number;
  /** Fields the words were found in: title, acronym, aliases, category, description, body, tags. */
  matched: string[];
  snippet: SnippetSegment[];
  acronym?: string;
  category?: string;
  difficulty?: string;
  path?: string;
  /** Position in the index. */
  doc: number;
}

export interface SearchOptions {
  limit?: number;
  category?: string;
  difficulty?: string;
  /** Words are prefixes (search-as-you-type). Default true. */
  prefix?: boolean;
  /** Typos: 1 edit in words of 4+ characters, 2 in 8+. Default true. */
  fuzzy?: boolean;
  /** At most this many edits per word. Default 2. */
  maxTypos?: number;
  /** Compute highlighted snippets. Default true. */
  snippets?: boolean;
}

export interface SearchDetails {
  results: SearchResult[];
  total: number;
  /** No term had every word; these have some. */
  partial: boolean;
  /** A corrected query when nothing matched. */
  suggestion?: string;
}

export interface LoadOptions {
  /** Called as the glossary loads: (loaded, total) for payloads, (fraction, 1) for an index. */
  onProgress?: (loaded: number, total: number) => void;
  /** Fetch every payload to index term bodies (when the manifest has no prebuilt index). */
  fullText?: boolean;
  /** Site root for a Nuxt list payload's term paths (default: its origin). */
  siteRoot?: string;
}

/** A decoded term (see the `Term` type of the Rust crate). */
export interface Term {
  kind: 'term' | 'page';
  id: string;
  slug: string;
  path?: string;
  title: string;
  acronym?: string;
  aliases: string[];
  description?: string;
  category?: string;
  subcategory?: string;
  difficulty?: string;
  letter?: string;
  tags: string[];
  related: string[];
  relatedSummaries: { title: string; path?: string; acronym?: string; category?: string; difficulty?: string; description?: string }[];
  toc: { title: string; depth: number; searchDepth: number; links: { id: string; depth: number; text: string; children?: unknown[] }[] };
  [key: string]: unknown;
}

export interface GlossaryInstance {
  readonly title: string;
  readonly size: number;
  search(query: string, options?: SearchOptions): SearchResult[];
  searchDetailed(query: string, options?: SearchOptions): SearchDetails;
  /** Any glossary; the way to search one with a chunked index (`glossa index --chunked`), whose shards are fetched as queries need them. */
  searchAsync(query: string, options?: SearchOptions): Promise<SearchDetails>;
  suggest(query: string, limit?: number): string[];
  terms(): TermEntry[];
  facets(): { categories: { value: string; count: number }[]; difficulties: { value: string; count: number }[] };
  /** Fetches and decodes a term's payload (cached). */
  term(id: string): Promise<Term>;
  /** Renders a term into a detached `<article>`; `hrefTemplate` uses {id} {url} {title} {path}. */
  render(id: string, hrefTemplate?: string): Promise<HTMLElement>;
  /** Makes elements that name `url` (e.g. `<glossa-search glossary=url>`) use this glossary. */
  register(url: string): void;
  /** The prebuilt index bytes (what `glossa build` writes as search.glsi). */
  exportIndex(): Uint8Array;
}

export declare const Glossary: {
  /** A manifest URL, a Nuxt list payload URL, or a list of payload URLs. Same URL → same glossary. */
  load(source: string | string[], options?: LoadOptions): Promise<GlossaryInstance>;
};

/**
 * Settles once the full module is started and has taken the elements over (rejects with a
 * readable error if it could not start). A page first loads only a small module that links
 * mentions and draws search boxes; the full one loads at the first sign of intent, when the
 * page shows content (`<glossa-entry>`, `<glossa-glossary>`), with `data-eager` on the script
 * tag — or when this is awaited, as every API call does.
 */
export declare const ready: PromiseLike<unknown> & { catch(onrejected: (e: Error) => unknown): Promise<unknown>; finally(f: () => void): Promise<unknown> };
export default ready;
/** After a failed start: try again (also happens automatically when the browser comes back online). */
export declare function retry(): Promise<unknown>;
/** Slicing figures of the long jobs (download, index, entries, autolink…), both modules. */
export declare function workStats(reset?: boolean): Promise<Record<string, { slices: number; units: number; maxUnits: number; limit: number }>>;
/** What the page holds (widget instances, owners, listeners, timers, glossaries…), for lifecycle tests. */
export declare function debugCounts(): Promise<Record<string, number>>;
/** Bytes of wasm memory the two modules use. */
export declare function wasmMemoryBytes(): number;

/** Bounds on untrusted input; omitted fields keep their defaults. */
export interface Limits {
  /** Largest payload, manifest or index accepted, in bytes (default 32 MiB). */
  maxInputBytes?: number;
  /** Most values in one devalue table (default 2 000 000). */
  maxValues?: number;
  /** Deepest nesting of body elements (default 200; at most 512, larger values are clamped). */
  maxDepth?: number;
  /** Most AST nodes one body may expand to (default 400 000). */
  maxNodes?: number;
  /** What one payload may materialise (values made by revivers, nodes after shared
   *  references are expanded, text copied), as a multiple of its size, plus 1 MiB (default 32). */
  maxExpansion?: number;
}
export interface Settings {
  /** Milliseconds a request may take, body included (default 30 000; also `data-fetch-timeout`). */
  fetchTimeout?: number;
  limits?: Limits;
  /**
   * glossa's own words, per language (`"de"`, `"pt-BR"`, or `"*"` for all): built in for en, zh, ja, ko, de,
   * fr, es, pt, ru, hi, ar, he and ur. Plural words hold `category:text` forms separated by `|`
   * (`"one:{n} term|other:{n} terms"`, categories as `Intl.PluralRules` names them).
   */
  strings?: Record<string, Partial<Record<Word, string>>>;
}
/** The words `configure({ strings })` can set. */
export type Word = 'searchPlaceholder' | 'searchResults' | 'noResults' | 'results' | 'partial' | 'noMatch' | 'tryQueries' | 'searchUnavailable' | 'tryAgain' | 'retry' | 'loading' | 'loadingGlossary' | 'loadingTerm' | 'glossary' | 'allTerms' | 'all' | 'category' | 'difficulty' | 'termNotFound' | 'didYouMean' | 'noTermsMatchFilters' | 'termCount' | 'showMore' | 'showLast' | 'letterEmpty' | 'letterCount' | 'bigList' | 'noSuchTerm' | 'termsByLetter' | 'breadcrumb' | 'loadFailed' | 'termFailed' | 'cardFailed' | 'onThisPage' | 'relatedTerms' | 'relatedShort' | 'readMore' | 'turnOffPreviews' | 'sectionLink' | 'details' | 'copy' | 'copyCode' | 'copied' | 'copyFailed';
/** Page-wide settings; call before the widgets load. Resolves to the settings in force. */
export declare function configure(settings: Settings): Promise<{ fetchTimeout: number; limits: Required<Limits> }>;

/** Renders a payload (Nuxt `_payload.json`, HTML with `__NUXT_DATA__`, or markdown) to an HTML string. */
export declare function renderToString(bytes: Uint8Array | ArrayBuffer, name?: string): Promise<string>;
/** Renders a payload into a detached `<article>` (the same tree `<glossa-entry>` shows). */
export declare function render(bytes: Uint8Array | ArrayBuffer, name?: string): Promise<HTMLElement>;

export interface CardOptions { openDelay?: number; prefetchDelay?: number; hideDelay?: number; timeout?: number; termHref?: string }
export declare function configureCards(options: CardOptions): Promise<void>;
export declare function setPreviews(on: boolean): Promise<void>;
export declare function previewsEnabled(): Promise<boolean>;
/** Links glossary mentions inside `element`; resolves with how many were linked. */
export declare function autolink(element: Element): Promise<number>;

export interface OfflineOptions {
  /** Manifest or Nuxt list payload URL (default: the script tag's `data-glossary`). */
  glossary?: string;
  /** The service worker's URL (default: glossa-sw.js next to glossa.js). */
  sw?: string | URL;
  scope?: string;
  /** More pages to cache (this page always is). */
  pages?: string[];
  /** Term payloads precached at most (default 3000); a bigger glossary's are cached as they are viewed. */
  precacheTerms?: number;
  /** More URL prefixes holding term payloads, served from the cache even right after the worker starts. */
  roots?: string[];
}
export interface UpdateCheck {
  type: 'glossa-update-ready' | 'glossa-up-to-date' | 'glossa-update-failed';
  /** The newest version (update ready) or this page's (up to date, failed). */
  version: string | null;
  /** This page's version, when an update is ready. */
  current?: string;
  error?: string;
}
export declare function registerOffline(options?: OfflineOptions): Promise<ServiceWorkerRegistration | null>;
/** Asks the worker to check the server; resolves with its answer (`null` when no worker controls the page). */
export declare function checkForUpdate(): Promise<UpdateCheck | null>;
/** Reloads this page (only) onto the newest version; other tabs keep theirs until they reload. */
export declare function applyUpdate(): Promise<void>;

declare global {
  interface HTMLElementTagNameMap {
    'glossa-entry': HTMLElement;
    'glossa-search': HTMLElement;
    'glossa-term': HTMLElement;
    'glossa-glossary': HTMLElement;
  }
  interface WindowEventMap {
    'glossa-offline-ready': CustomEvent<{ version: string; checked: boolean }>;
    'glossa-update-ready': CustomEvent<{ version: string; current?: string }>;
    'glossa-up-to-date': CustomEvent<{ version: string }>;
    'glossa-update-failed': CustomEvent<{ version: string | null; error: string }>;
  }
}
