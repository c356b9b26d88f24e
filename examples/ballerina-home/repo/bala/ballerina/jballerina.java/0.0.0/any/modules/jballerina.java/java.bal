// Interoperability with Java: annotations that bind Ballerina functions to
// Java methods, constructors and fields, and helpers for Java values.

# The fully qualified name of a Java class, e.g. `java.lang.String`.
public type Class string;

# A Java array type.
#
# + 'class - the element class
# + dimensions - the number of dimensions
public type ArrayType record {|
    Class 'class;
    byte dimensions;
|};

# Describes the Java method a Ballerina function is bound to.
#
# + name - the name of the Java method; the Ballerina function name when absent
# + 'class - the class that declares the method
# + paramTypes - the parameter types, needed when the method is overloaded
public type MethodData record {|
    string name?;
    Class 'class;
    (Class|ArrayType)[] paramTypes?;
|};

# Describes the Java constructor a Ballerina function is bound to.
#
# + 'class - the class to construct
# + paramTypes - the parameter types, needed when the constructor is overloaded
public type ConstructorData record {|
    Class 'class;
    (Class|ArrayType)[] paramTypes?;
|};

# Describes the Java field a Ballerina function reads or writes.
#
# + name - the name of the field
# + 'class - the class that declares the field
public type FieldData record {|
    string name;
    Class 'class;
|};

# Binds a Ballerina function to a Java method.
public const annotation MethodData Method on source external;

# Binds a Ballerina function to a Java constructor.
public const annotation ConstructorData Constructor on source external;

# Binds a Ballerina function to the getter of a Java field.
public const annotation FieldData FieldGet on source external;

# Binds a Ballerina function to the setter of a Java field.
public const annotation FieldData FieldSet on source external;

# Returns a handle to a new `java.lang.String`.
#
# + value - the Ballerina string
# + return - the handle
public isolated function fromString(string value) returns handle = @Method {
    'class: "io.ballerina.runtime.internal.JavaUtils",
    name: "fromString"
} external;

# Returns the Ballerina string of a `java.lang.String` handle.
#
# + value - the handle
# + return - the string, or `()` when the handle is `null`
public isolated function toString(handle value) returns string? = @Method {
    'class: "io.ballerina.runtime.internal.JavaUtils",
    name: "toString"
} external;

# Tells whether a handle refers to `null`.
#
# + value - the handle
# + return - `true` when it refers to `null`
public isolated function isNull(handle value) returns boolean = @Method {
    'class: "io.ballerina.runtime.internal.JavaUtils",
    name: "isNull"
} external;

# Returns a handle that refers to `null`.
#
# + return - the handle
public isolated function createNull() returns handle = @Method {
    'class: "io.ballerina.runtime.internal.JavaUtils",
    name: "createNull"
} external;

# Returns the `java.lang.Class` of a class name.
#
# + name - the fully qualified class name
# + return - the handle, or an error when there is no such class
public isolated function getClass(string name) returns handle|error = @Method {
    'class: "io.ballerina.runtime.internal.JavaUtils",
    name: "getClass"
} external;
