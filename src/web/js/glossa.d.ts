/** Resolves once the wasm core is initialised and the custom elements are defined. */
export declare const ready: Promise<unknown>;
/** Renders a term payload (Nuxt `_payload.json`, HTML with `__NUXT_DATA__`, or markdown) to an HTML string. */
export declare function renderToString(bytes: Uint8Array | ArrayBuffer, name?: string): Promise<string>;
export default ready;

declare global {
  interface HTMLElementTagNameMap {
    'glossa-entry': HTMLElement;
  }
}
