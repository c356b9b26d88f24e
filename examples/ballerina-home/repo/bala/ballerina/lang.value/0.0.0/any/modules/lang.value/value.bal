// The lang library of operations that apply to values of any type.

import ballerina/jballerina.java;

# Values that `clone` can copy.
public type Cloneable readonly|xml|Cloneable[]|map<Cloneable>|table<map<Cloneable>>;

# The type of values that `fromJsonFloatString` returns for numbers.
public type JsonFloat ()|boolean|string|float|JsonFloat[]|map<JsonFloat>;

# Returns a deep copy of a value.
#
# + v - the value
# + return - a copy that shares no mutable parts with `v`
public isolated function clone(Cloneable v) returns Cloneable = @java:Method {
    'class: "org.ballerinalang.langlib.value.Clone",
    name: "clone"
} external;

# Returns a read-only deep copy of a value.
#
# + v - the value
# + return - a read-only copy of `v`
public isolated function cloneReadOnly(Cloneable v) returns Cloneable & readonly = @java:Method {
    'class: "org.ballerinalang.langlib.value.CloneReadOnly",
    name: "cloneReadOnly"
} external;

# Copies a value and converts the copy to a type.
#
# + v - the value
# + t - the type to convert to
# + return - the converted copy, or an error when `v` cannot be converted
public isolated function cloneWithType(anydata v, typedesc<anydata> t = <>) returns t|error = @java:Method {
    'class: "org.ballerinalang.langlib.value.CloneWithType",
    name: "cloneWithType"
} external;

# Tells whether a value is read-only.
#
# + v - the value
# + return - `true` when `v` is read-only
public isolated function isReadOnly(anydata v) returns boolean = @java:Method {
    'class: "org.ballerinalang.langlib.value.IsReadOnly",
    name: "isReadOnly"
} external;

# Returns a human-readable string for a value.
#
# + v - the value
# + return - the string
public isolated function toString((any|error) v) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.value.ToString",
    name: "toString"
} external;

# Returns a string that looks like a Ballerina expression for a value.
#
# + v - the value
# + return - the string
public isolated function toBalString(any v) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.value.ToBalString",
    name: "toBalString"
} external;

# Converts a value to JSON.
#
# + v - the value
# + return - the JSON value
public isolated function toJson(anydata v) returns json = @java:Method {
    'class: "org.ballerinalang.langlib.value.ToJson",
    name: "toJson"
} external;

# Returns the JSON text of a value.
#
# + v - the value
# + return - the JSON text
public isolated function toJsonString(anydata v) returns string = @java:Method {
    'class: "org.ballerinalang.langlib.value.ToJsonString",
    name: "toJsonString"
} external;

# Parses JSON text.
#
# + str - the JSON text
# + return - the JSON value, or an error when `str` is not JSON
public isolated function fromJsonString(string str) returns json|error = @java:Method {
    'class: "org.ballerinalang.langlib.value.FromJsonString",
    name: "fromJsonString"
} external;

# Converts a JSON value to a type.
#
# + v - the JSON value
# + t - the type to convert to
# + return - the converted value, or an error when `v` cannot be converted
public isolated function fromJsonWithType(json v, typedesc<anydata> t = <>) returns t|error = @java:Method {
    'class: "org.ballerinalang.langlib.value.FromJsonWithType",
    name: "fromJsonWithType"
} external;

# Merges two JSON values.
#
# + j1 - the first value
# + j2 - the second value
# + return - the merged value, or an error when they cannot be merged
public isolated function mergeJson(json j1, json j2) returns json|error = @java:Method {
    'class: "org.ballerinalang.langlib.value.MergeJson",
    name: "mergeJson"
} external;
