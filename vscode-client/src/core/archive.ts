/**
 * Sources inside archives (Ballerina 1.x balos, Ceylon `.src`). The server
 * extracts nothing: go-to-definition into one answers a `balmod-archive:`
 * URI, and the client asks the server for its text with the
 * `balmod/archiveSource` request (`{uri}` -> `{text}`), to show it read-only.
 * Plain code, tested without `vscode`.
 */

/** The URI scheme of a member of an archive. */
export const ARCHIVE_SCHEME = 'balmod-archive';

/** The request that returns a member's text. */
export const ARCHIVE_SOURCE_REQUEST = 'balmod/archiveSource';

/** Sends one request to the server and resolves with its result. */
export type SendRequest = (method: string, params: unknown) => Promise<unknown>;

/**
 * The text of the archive member `uri` names. Rejects with the server's own
 * message when it refuses (an unknown member, an archive that is gone), and
 * when the answer is not `{text: string}`.
 */
export async function readArchiveSource(send: SendRequest, uri: string): Promise<string> {
  let result: unknown;
  try {
    result = await send(ARCHIVE_SOURCE_REQUEST, { uri });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`balmod cannot show ${uri}: ${message}`);
  }
  if (typeof result === 'object' && result !== null && 'text' in result) {
    const text: unknown = result.text;
    if (typeof text === 'string') {
      return text;
    }
  }
  throw new Error(`balmod cannot show ${uri}: the server answered ${JSON.stringify(result)}`);
}
