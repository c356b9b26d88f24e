// Errors that stand for HTTP status codes. A resource function that returns
// one of these errors answers with the matching status code.

# Details carried by a status code error.
#
# + body - the payload of the error response
# + headers - headers of the error response
public type ErrorDetail record {
    anydata body?;
    map<string|string[]> headers?;
};

# The base type of all status code errors.
public type StatusCodeError distinct error<ErrorDetail>;

# The type of `4xx` status code errors.
public type DefaultStatusCodeError distinct StatusCodeError;

# Answers with `400 Bad Request`.
public type BadRequestError distinct StatusCodeError;

# Answers with `401 Unauthorized`.
public type UnauthorizedError distinct StatusCodeError;

# Answers with `403 Forbidden`.
public type ForbiddenError distinct StatusCodeError;

# Answers with `404 Not Found`.
public type NotFoundError distinct StatusCodeError;

# Answers with `409 Conflict`.
public type ConflictError distinct StatusCodeError;

# Answers with `500 Internal Server Error`.
public type InternalServerErrorError distinct StatusCodeError;

# Answers with `503 Service Unavailable`.
public type ServiceUnavailableError distinct StatusCodeError;
