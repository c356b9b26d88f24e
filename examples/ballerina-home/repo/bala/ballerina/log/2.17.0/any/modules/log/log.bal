// Structured logging to the standard error stream or a file.

import ballerina/io;
import ballerina/jballerina.java;
import ballerina/lang.value;

# Log levels, from the most to the least verbose.
public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
}

# How log lines are written.
public type LogFormat "json"|"logfmt";

# A function that computes a value only when the line is written.
public type Valuer isolated function () returns anydata;

# A value of a key-value pair in a log line.
public type Value anydata|Valuer|io:PrintableRawTemplate;

# The key-value pairs given to the print functions as named arguments.
public type KeyValues record {|
    Value...;
|};

# The lowest level that is written.
public configurable Level level = INFO;

# The format of log lines.
public configurable LogFormat format = "logfmt";

# Where a log file is written when it already exists.
public enum FileWriteOption {
    OVERWRITE,
    APPEND
}

# Writes a `DEBUG` line.
# ```ballerina
# log:printDebug("cache miss", id = 845315);
# ```
#
# + msg - the message
# + 'error - an error to describe in the line
# + keyValues - further key-value pairs
public isolated function printDebug(string msg, error? 'error = (), *KeyValues keyValues) {
    print(DEBUG, msg, 'error, keyValues);
}

# Writes an `INFO` line.
# ```ballerina
# log:printInfo("order placed", orderId = 845315);
# ```
#
# + msg - the message
# + 'error - an error to describe in the line
# + keyValues - further key-value pairs
public isolated function printInfo(string msg, error? 'error = (), *KeyValues keyValues) {
    print(INFO, msg, 'error, keyValues);
}

# Writes a `WARN` line.
#
# + msg - the message
# + 'error - an error to describe in the line
# + keyValues - further key-value pairs
public isolated function printWarn(string msg, error? 'error = (), *KeyValues keyValues) {
    print(WARN, msg, 'error, keyValues);
}

# Writes an `ERROR` line.
#
# + msg - the message
# + 'error - an error to describe in the line
# + keyValues - further key-value pairs
public isolated function printError(string msg, error? 'error = (), *KeyValues keyValues) {
    print(ERROR, msg, 'error, keyValues);
}

# Writes log lines to a file instead of the standard error stream.
#
# + path - the path of the log file, ending in `.log`
# + option - whether to replace the file or add to its end
# + return - an error when the file cannot be used
public isolated function setOutputFile(string path, FileWriteOption option = APPEND) returns error? {
    if !path.endsWith(".log") {
        return error("the log file must end in .log: " + path);
    }
    return externSetOutputFile(path, option);
}

isolated function print(Level lineLevel, string msg, error? err, KeyValues keyValues) {
    if !isEnabled(lineLevel) {
        return;
    }
    string line = string `time=${currentTime()} level=${lineLevel} message=${value:toBalString(msg)}`;
    if err is error {
        line += string ` error=${value:toBalString(err.message())}`;
    }
    foreach [string, Value] [key, val] in keyValues.entries() {
        line += string ` ${key}=${val is Valuer ? value:toBalString(val()) : value:toBalString(val)}`;
    }
    io:fprintln(io:STDERR, line);
}

isolated function isEnabled(Level lineLevel) returns boolean {
    Level[] order = [DEBUG, INFO, WARN, ERROR];
    return order.indexOf(lineLevel) >= order.indexOf(level);
}

isolated function currentTime() returns string = @java:Method {
    'class: "io.ballerina.stdlib.log.Utils",
    name: "getCurrentTime"
} external;

isolated function externSetOutputFile(string path, FileWriteOption option) returns error? = @java:Method {
    'class: "io.ballerina.stdlib.log.Utils",
    name: "setOutputFile"
} external;
