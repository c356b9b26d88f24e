// The lang library of the `int` basic type.

import ballerina/jballerina.java;

# The largest `int` value, 2^63 - 1.
public const int MAX_VALUE = 9223372036854775807;

# The smallest `int` value, -2^63.
public const int MIN_VALUE = -9223372036854775807 - 1;

# The largest value of a `Signed32`.
public const int SIGNED32_MAX_VALUE = 2147483647;

# The smallest value of a `Signed32`.
public const int SIGNED32_MIN_VALUE = -2147483648;

# The largest value of an `Unsigned8`.
public const int UNSIGNED8_MAX_VALUE = 255;

# Integers that fit in 32 bits as two's complement.
public type Signed32 int;

# Integers from 0 to 255.
public type Unsigned8 int;

# Returns the absolute value of an integer.
#
# + n - the integer
# + return - `n` when it is not negative, otherwise `-n`
public isolated function abs(int n) returns int = @java:Method {
    'class: "org.ballerinalang.langlib.integer.Abs",
    name: "abs"
} external;

# Returns the sum of integers.
#
# + ns - the integers
# + return - their sum, or 0 when there are none
public isolated function sum(int... ns) returns int = @java:Method {
    'class: "org.ballerinalang.langlib.integer.Sum",
    name: "sum"
} external;

# Returns the largest of one or more integers.
#
# + n - the first integer
# + ns - the other integers
# + return - the largest
public isolated function max(int n, int... ns) returns int = @java:Method {
    'class: "org.ballerinalang.langlib.integer.Max",
    name: "max"
} external;

# Returns the smallest of one or more integers.
#
# + n - the first integer
# + ns - the other integers
# + return - the smallest
public isolated function min(int n, int... ns) returns int = @java:Method {
    'class: "org.ballerinalang.langlib.integer.Min",
    name: "min"
} external;

# Returns the integer that a string represents in decimal.
# The first character may be `+` or `-`.
#
# + s - the decimal text
# + return - the integer, or an error when `s` is not a decimal integer
public isolated function fromString(string s) returns int|error = @java:Method {
    'class: "org.ballerinalang.langlib.integer.FromString",
    name: "fromString"
} external;

# Returns the hexadecimal text of an integer, without a `0x` prefix and with
# lower-case letters.
#
# + n - the integer
# + return - the hexadecimal text
public isolated function toHexString(int n) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.integer.ToHexString",
    name: "toHexString"
} external;

# Returns the integer that a string represents in hexadecimal.
#
# + s - the hexadecimal text, without a `0x` prefix
# + return - the integer, or an error when `s` is not hexadecimal
public isolated function fromHexString(string s) returns int|error = @java:Method {
    'class: "org.ballerinalang.langlib.integer.FromHexString",
    name: "fromHexString"
} external;
