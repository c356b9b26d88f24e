// Simple HTTP fetching with retries, built on ballerina/http.

import ballerina/http;
import tyler/net.http.exception;

# How many times `fetch` tries a request by default.
public const int DEFAULT_ATTEMPTS = 3;

# Fetches a text resource, trying again after timeouts and server errors.
#
# + url - the absolute URL of the resource
# + attempts - how many times to try
# + return - the text, or an `exception:HttpError`
public function fetch(string url, int attempts = DEFAULT_ATTEMPTS) returns string|exception:HttpError {
    http:Client|http:ClientError httpClient = new (url);
    if httpClient is http:ClientError {
        return exception:createInvalidRequestError(httpClient.message(), url);
    }
    exception:HttpError lastError = exception:createTimeoutError(url);
    foreach int _ in 1 ... attempts {
        string|http:ClientError body = httpClient->get("");
        if body is string {
            return body;
        }
        lastError = error exception:ServerError(body.message(), url = url);
        if !exception:isRetryable(lastError) {
            break;
        }
    }
    return lastError;
}

# Tells whether a URL uses HTTPS.
#
# + url - the URL
# + return - `true` when it starts with `https://`
public function isSecure(string url) returns boolean {
    return url.startsWith("https://");
}
