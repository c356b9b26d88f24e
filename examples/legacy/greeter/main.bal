// The unnamed module: a .bal file at the root of the project.
import ballerina/io;
import greetings;

public function main() {
    io:println(greetings:hello("world"));
}
