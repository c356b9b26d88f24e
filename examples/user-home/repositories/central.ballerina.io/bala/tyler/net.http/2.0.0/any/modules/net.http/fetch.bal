// Simple HTTP fetching with retries, built on ballerina/http.

import ballerina/http;
import tyler/net.http.exception;

# Options of `getText`.
#
# + attempts - how many times to try
# + timeout - how long to wait for each response, in seconds
public type FetchOptions record {|
    int attempts = 3;
    decimal timeout = 30;
|};

# Fetches a text resource, trying again after timeouts and server errors.
#
# + url - the absolute URL of the resource
# + options - how to fetch it
# + return - the text, or an `exception:HttpError`
public function getText(string url, *FetchOptions options) returns string|exception:HttpError {
    http:Client|http:ClientError httpClient = new (url, timeout = options.timeout);
    if httpClient is http:ClientError {
        return exception:badRequest(httpClient.message(), url);
    }
    exception:HttpError lastError = error exception:TimeoutError("no response", url = url);
    foreach int attempt in 1 ... options.attempts {
        string|http:ClientError body = httpClient->get("");
        if body is string {
            return body;
        }
        lastError = error exception:ServerError(body.message(), url = url, attempts = attempt);
        if !exception:isRetryable(lastError) {
            break;
        }
    }
    return lastError;
}
