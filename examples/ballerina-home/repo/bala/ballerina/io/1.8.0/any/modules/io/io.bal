// Console and file input and output.

import ballerina/jballerina.java;
import ballerina/lang.value;

# The default character encoding of files and streams.
public const string DEFAULT_ENCODING = "UTF8";

# Represents any error of this module.
public type Error distinct error;

# Represents a low-level input or output failure.
public type IoError distinct Error;

# Represents reading past the end of a stream.
public type EofError distinct Error;

# Represents a file that does not exist.
public type FileNotFoundError distinct Error;

# Represents a file that may not be read or written.
public type AccessDeniedError distinct Error;

# Represents a wrong configuration, e.g. an unknown encoding.
public type ConfigurationError distinct Error;

# Values that `print` and `println` accept.
public type Printable any|error|PrintableRawTemplate;

# A raw template such as `` `Hello ${name}` `` passed to `print` or `println`.
public type PrintableRawTemplate object {
    public string[] & readonly strings;
    public Printable[] insertions;
};

# The standard output streams `fprint` and `fprintln` write to.
public enum FileOutputStream {
    STDOUT,
    STDERR
}

# Whether a write replaces a file or adds to its end.
public enum FileWriteOption {
    OVERWRITE,
    APPEND
}

# Prints values to the standard output, without a new line.
# ```ballerina
# io:print("Start processing the CSV file from ", srcFileName);
# ```
#
# + values - the values to print
public isolated function print(Printable... values) = @java:Method {
    name: "print",
    'class: "io.ballerina.stdlib.io.nativeimpl.PrintUtils"
} external;

# Prints values to the standard output, followed by a new line.
# ```ballerina
# io:println("Start processing the CSV file from ", srcFileName);
# ```
#
# + values - the values to print
public isolated function println(Printable... values) = @java:Method {
    name: "println",
    'class: "io.ballerina.stdlib.io.nativeimpl.PrintUtils"
} external;

# Prints values to a standard output stream, without a new line.
#
# + fileOutputStream - `STDOUT` or `STDERR`
# + values - the values to print
public isolated function fprint(FileOutputStream fileOutputStream, Printable... values) = @java:Method {
    name: "fprint",
    'class: "io.ballerina.stdlib.io.nativeimpl.PrintUtils"
} external;

# Prints values to a standard output stream, followed by a new line.
#
# + fileOutputStream - `STDOUT` or `STDERR`
# + values - the values to print
public isolated function fprintln(FileOutputStream fileOutputStream, Printable... values) = @java:Method {
    name: "fprintln",
    'class: "io.ballerina.stdlib.io.nativeimpl.PrintUtils"
} external;

# Reads a line from the standard input.
#
# + a - a prompt to print first
# + return - the line, without its line terminator
public isolated function readln(any? a = ()) returns string = @java:Method {
    name: "readln",
    'class: "io.ballerina.stdlib.io.nativeimpl.ReadlnAny"
} external;

# Reads a whole file as a string.
#
# + path - the path of the file
# + return - the content, or an `io:Error`
public isolated function fileReadString(string path) returns string|Error = @java:Method {
    name: "readString",
    'class: "io.ballerina.stdlib.io.nativeimpl.FileUtils"
} external;

# Writes a string to a file.
#
# + path - the path of the file
# + content - the text to write
# + option - whether to replace the file or add to its end
# + return - an `io:Error`, or `()` when the write succeeded
public isolated function fileWriteString(string path, string content, FileWriteOption option = OVERWRITE)
        returns Error? = @java:Method {
    name: "writeString",
    'class: "io.ballerina.stdlib.io.nativeimpl.FileUtils"
} external;

# Reads a file as a list of lines.
#
# + path - the path of the file
# + return - the lines, or an `io:Error`
public isolated function fileReadLines(string path) returns string[]|Error = @java:Method {
    name: "readLines",
    'class: "io.ballerina.stdlib.io.nativeimpl.FileUtils"
} external;

# Writes lines to a file, each followed by a new line.
#
# + path - the path of the file
# + content - the lines to write
# + option - whether to replace the file or add to its end
# + return - an `io:Error`, or `()` when the write succeeded
public isolated function fileWriteLines(string path, string[] content, FileWriteOption option = OVERWRITE)
        returns Error? {
    return fileWriteString(path, joinLines(content), option);
}

# Reads a file as JSON.
#
# + path - the path of the file
# + return - the JSON value, or an `io:Error`
public isolated function fileReadJson(string path) returns json|Error {
    string content = check fileReadString(path);
    json|error result = value:fromJsonString(content);
    if result is error {
        return error ConfigurationError(string `'${path}' is not JSON`, result);
    }
    return result;
}

# Writes a JSON value to a file.
#
# + path - the path of the file
# + content - the JSON value
# + return - an `io:Error`, or `()` when the write succeeded
public isolated function fileWriteJson(string path, json content) returns Error? {
    return fileWriteString(path, value:toJsonString(content));
}

# Reads a whole file as bytes.
#
# + path - the path of the file
# + return - the bytes, or an `io:Error`
public isolated function fileReadBytes(string path) returns readonly & byte[]|Error = @java:Method {
    name: "readBytes",
    'class: "io.ballerina.stdlib.io.nativeimpl.FileUtils"
} external;

isolated function joinLines(string[] lines) returns string {
    string result = "";
    foreach string line in lines {
        result += line + "\n";
    }
    return result;
}
