// Errors of the net.http package.

# Details of an HTTP error.
#
# + statusCode - the status code of the response, or 0 when there was none
# + url - the URL of the request
public type ErrorDetail record {|
    int statusCode = 0;
    string? url = ();
|};

# Represents any error of the net.http package.
public type HttpError distinct error<ErrorDetail>;

# Represents a request that is not valid, e.g. one with an empty name.
public type InvalidRequestError distinct HttpError;

# Represents a request that got no response in time.
public type TimeoutError distinct HttpError;

# Represents a response with a `5xx` status code.
public type ServerError distinct HttpError;

# Creates an `InvalidRequestError`.
#
# + message - what is wrong with the request
# + url - the URL of the request, when known
# + return - the error
public function createInvalidRequestError(string message, string? url = ()) returns InvalidRequestError {
    return error InvalidRequestError(message, statusCode = 400, url = url);
}

# Creates a `TimeoutError`.
#
# + url - the URL of the request
# + return - the error
public function createTimeoutError(string url) returns TimeoutError {
    return error TimeoutError(string `no response from ${url}`, url = url);
}

# Tells whether a request that failed with an error may be sent again.
#
# + err - the error
# + return - `true` for timeouts and server errors
public function isRetryable(HttpError err) returns boolean {
    return err is TimeoutError || err is ServerError;
}
