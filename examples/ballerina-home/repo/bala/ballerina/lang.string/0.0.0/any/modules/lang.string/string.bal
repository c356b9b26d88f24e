// The lang library of the `string` basic type.

import ballerina/jballerina.java;

# A string of exactly one character.
public type Char string;

# Returns the number of characters of a string.
#
# + str - the string
# + return - its length
public isolated function length(string str) returns int = @java:Method {
    'class: "org.ballerinalang.langlib.string.Length",
    name: "length"
} external;

# Returns part of a string.
#
# + str - the string
# + startIndex - the index of the first character of the part
# + endIndex - the index after the last character of the part
# + return - the characters from `startIndex` up to `endIndex`
public isolated function substring(string str, int startIndex, int endIndex = str.length()) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.string.Substring",
    name: "substring"
} external;

# Joins strings with a separator.
#
# + separator - the text between two strings
# + strs - the strings
# + return - the joined string
public isolated function 'join(string separator, string... strs) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.string.Join",
    name: "join"
} external;

# Concatenates strings.
#
# + strs - the strings
# + return - the strings one after another
public isolated function concat(string... strs) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.string.Concat",
    name: "concat"
} external;

# Changes the ASCII letters of a string to upper case.
#
# + str - the string
# + return - the string with `a` to `z` changed to `A` to `Z`
public isolated function toUpperAscii(string str) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.string.ToUpperAscii",
    name: "toUpperAscii"
} external;

# Changes the ASCII letters of a string to lower case.
#
# + str - the string
# + return - the string with `A` to `Z` changed to `a` to `z`
public isolated function toLowerAscii(string str) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.string.ToLowerAscii",
    name: "toLowerAscii"
} external;

# Removes white space from both ends of a string.
#
# + str - the string
# + return - the string without leading and trailing white space
public isolated function trim(string str) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.string.Trim",
    name: "trim"
} external;

# Tells whether a string starts with another.
#
# + str - the string
# + substr - the start to look for
# + return - `true` when `str` starts with `substr`
public isolated function startsWith(string str, string substr) returns boolean = @java:Method {
    'class: "org.ballerinalang.langlib.string.StartsWith",
    name: "startsWith"
} external;

# Tells whether a string ends with another.
#
# + str - the string
# + substr - the end to look for
# + return - `true` when `str` ends with `substr`
public isolated function endsWith(string str, string substr) returns boolean = @java:Method {
    'class: "org.ballerinalang.langlib.string.EndsWith",
    name: "endsWith"
} external;

# Finds the first occurrence of a string in another.
#
# + str - the string to search
# + substr - the string to find
# + startIndex - where to start searching
# + return - the index of the first occurrence, or `()` when there is none
public isolated function indexOf(string str, string substr, int startIndex = 0) returns int? = @java:Method {
    'class: "org.ballerinalang.langlib.string.IndexOf",
    name: "indexOf"
} external;

# Tells whether a string contains another.
#
# + str - the string to search
# + substr - the string to find
# + startIndex - where to start searching
# + return - `true` when `substr` occurs in `str` at or after `startIndex`
public isolated function includes(string str, string substr, int startIndex = 0) returns boolean = @java:Method {
    'class: "org.ballerinalang.langlib.string.Includes",
    name: "includes"
} external;

# Compares two strings, ignoring the case of ASCII letters.
#
# + str1 - the first string
# + str2 - the second string
# + return - `true` when they are equal apart from the case of ASCII letters
public isolated function equalsIgnoreCaseAscii(string str1, string str2) returns boolean = @java:Method {
    'class: "org.ballerinalang.langlib.string.EqualsIgnoreCaseAscii",
    name: "equalsIgnoreCaseAscii"
} external;
