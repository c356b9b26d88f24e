/**
 * Which documents the client hands to the server. Plain data so it can be
 * tested without `vscode`; it is structurally a `DocumentFilter[]`.
 */

/** Like LSP's TextDocumentFilter: at least one of the three is set. */
export type DocumentFilterLike =
  | { language: string; scheme?: string; pattern?: string }
  | { language?: string; scheme: string; pattern?: string }
  | { language?: string; scheme?: string; pattern: string };

export const BALLERINA_LANGUAGE = 'ballerina';

/** The manifests the server understands. */
// Ballerina.lock is the lock file of a 1.x project.
export const MANIFEST_PATTERN = '**/{Ballerina.toml,Dependencies.toml,Ballerina.lock}';

export const DOCUMENT_SELECTOR: readonly DocumentFilterLike[] = [
  { scheme: 'file', language: BALLERINA_LANGUAGE },
  { scheme: 'untitled', language: BALLERINA_LANGUAGE },
  // With a TOML extension installed the manifests have language `toml`...
  { language: 'toml', pattern: MANIFEST_PATTERN },
  // ...and without one they are plain text, so also match by file name alone.
  { scheme: 'file', pattern: MANIFEST_PATTERN },
];
