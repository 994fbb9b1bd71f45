/** An entry of the date index: something of `kind` about `ref` falls due at `at`. */
export interface DueEntry {
  readonly at: string;
  readonly kind: string;
  readonly ref: string;
}
