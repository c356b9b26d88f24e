// Universally unique identifiers (RFC 4122).

import ballerina/jballerina.java;
import ballerina/lang.'int;

# Represents any error of this module.
public type Error distinct error;

# The UUID versions this module creates.
public enum Version {
    V1,
    V3,
    V4,
    V5
}

# The predefined name spaces of name-based (version 3 and 5) UUIDs.
public enum NamespaceUUID {
    NAME_SPACE_DNS = "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
    NAME_SPACE_URL = "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
    NAME_SPACE_OID = "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
    NAME_SPACE_X500 = "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
    NAME_SPACE_NIL = ""
}

# The fields of a UUID.
#
# + timeLow - the low 32 bits of the time
# + timeMid - the middle 16 bits of the time
# + timeHiAndVersion - the high 12 bits of the time and the version
# + clockSeqHiAndReserved - the high bits of the clock sequence and the variant
# + clockSeqLo - the low 8 bits of the clock sequence
# + node - the 48-bit node id
public type Uuid readonly & record {|
    int timeLow;
    int timeMid;
    int timeHiAndVersion;
    int clockSeqHiAndReserved;
    int clockSeqLo;
    int node;
|};

# Creates a time-based (version 1) UUID.
#
# + return - the UUID as text, e.g. `4397465e-35f9-11eb-adc1-0242ac120002`
public isolated function createType1AsString() returns string = @java:Method {
    'class: "io.ballerina.stdlib.uuid.nativeimpl.Uuid",
    name: "createType1AsString"
} external;

# Creates a random (version 4) UUID.
#
# + return - the UUID as text, e.g. `4397465e-35f9-41eb-adc1-0242ac120002`
public isolated function createType4AsString() returns string = @java:Method {
    'class: "io.ballerina.stdlib.uuid.nativeimpl.Uuid",
    name: "createType4AsString"
} external;

# Creates a name-based (version 3) UUID.
#
# + namespace - the name space of the name
# + name - the name
# + return - the UUID as text, or an error
public isolated function createType3AsString(NamespaceUUID namespace, string name) returns string|Error = @java:Method {
    'class: "io.ballerina.stdlib.uuid.nativeimpl.Uuid",
    name: "createType3AsString"
} external;

# Creates a random (version 4) UUID as a record.
#
# + return - the UUID, or an error
public isolated function createRandomUuid() returns Uuid|Error {
    return toRecord(createType4AsString());
}

# Tells whether a string is a valid UUID.
#
# + uuid - the text
# + return - `true` when it is a valid UUID
public isolated function validate(string uuid) returns boolean = @java:Method {
    'class: "io.ballerina.stdlib.uuid.nativeimpl.Uuid",
    name: "validate"
} external;

# Returns the version of a UUID.
#
# + uuid - the UUID as text
# + return - its version, or an error when it is not a valid UUID
public isolated function getVersion(string uuid) returns Version|Error {
    if !validate(uuid) {
        return error Error(string `'${uuid}' is not a valid UUID`);
    }
    match uuid.substring(14, 15) {
        "1" => {
            return V1;
        }
        "3" => {
            return V3;
        }
        "5" => {
            return V5;
        }
    }
    return V4;
}

# Converts a UUID string to a record.
#
# + uuid - the UUID as text
# + return - the UUID's fields, or an error when it is not a valid UUID
public isolated function toRecord(string uuid) returns Uuid|Error {
    if !validate(uuid) {
        return error Error(string `'${uuid}' is not a valid UUID`);
    }
    int|error timeLow = parseHex(uuid, 0, 8);
    int|error timeMid = parseHex(uuid, 9, 13);
    int|error timeHi = parseHex(uuid, 14, 18);
    int|error clockHi = parseHex(uuid, 19, 21);
    int|error clockLo = parseHex(uuid, 21, 23);
    int|error node = parseHex(uuid, 24, 36);
    if timeLow is int && timeMid is int && timeHi is int && clockHi is int && clockLo is int && node is int {
        return {timeLow, timeMid, timeHiAndVersion: timeHi, clockSeqHiAndReserved: clockHi, clockSeqLo: clockLo, node};
    }
    return error Error(string `'${uuid}' is not a valid UUID`);
}

isolated function parseHex(string uuid, int startIndex, int endIndex) returns int|error {
    return int:fromHexString(uuid.substring(startIndex, endIndex));
}
