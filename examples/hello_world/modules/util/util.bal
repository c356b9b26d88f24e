// Text helpers shared by the greeting service.

import ballerina/lang.'int;
import ballerina/log;

# Separator between the words of a message.
public const string WORD_SEPARATOR = " ";

# How `applyCasing` changes the letters of a message.
public type Casing "proper"|"upper"|"lower";

# Turns a name such as `jane doe` into `Jane Doe`.
#
# + message - the text to change
# + return - the text with the first letter of each word in upper case and the rest in lower case
public function properCaseMessage(string message) returns string {
    string result = "";
    boolean startOfWord = true;
    foreach string:Char c in message.trim() {
        result += startOfWord ? c.toUpperAscii() : c.toLowerAscii();
        startOfWord = c == WORD_SEPARATOR;
    }
    return result;
}

# Changes the letters of a message as asked.
#
# + message - the text to change
# + casing - how to change it
# + return - the changed text
public function applyCasing(string message, Casing casing) returns string {
    match casing {
        "upper" => {
            return message.toUpperAscii();
        }
        "lower" => {
            return message.toLowerAscii();
        }
    }
    return properCaseMessage(message);
}

# Reads a greeting count from decimal text.
#
# + text - the decimal text, e.g. `"3"`
# + return - the count, or 1 when the text is not a number
public function parseCount(string text) returns int {
    int|error count = int:fromString(text);
    if count is error {
        log:printWarn("not a number, counting 1", text = text);
        return 1;
    }
    return int:abs(count);
}
