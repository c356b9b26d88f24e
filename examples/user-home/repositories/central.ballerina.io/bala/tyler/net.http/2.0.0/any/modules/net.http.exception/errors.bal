// Errors of the net.http package.

# Details of an HTTP error.
#
# + statusCode - the status code of the response, or 0 when there was none
# + url - the URL of the request
# + attempts - how many times the request was tried
public type ErrorDetail record {|
    int statusCode = 0;
    string url;
    int attempts = 1;
|};

# Represents any error of the net.http package.
public type HttpError distinct error<ErrorDetail>;

# Represents a request that is not valid.
public type BadRequestError distinct HttpError;

# Represents a request that got no response in time.
public type TimeoutError distinct HttpError;

# Represents a response with a `5xx` status code.
public type ServerError distinct HttpError;

# Creates a `BadRequestError`.
#
# + message - what is wrong with the request
# + url - the URL of the request
# + return - the error
public function badRequest(string message, string url) returns BadRequestError {
    return error BadRequestError(message, statusCode = 400, url = url);
}

# Tells whether a request that failed with an error may be sent again.
#
# + err - the error
# + return - `true` for timeouts and server errors
public function isRetryable(HttpError err) returns boolean {
    return err is TimeoutError || err is ServerError;
}
