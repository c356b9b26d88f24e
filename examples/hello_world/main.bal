// Greeting service of the balmod example package.
// This file has four deliberate import problems; ../README.md lists them
// with their positions. The other files of the package have none.

import ballerina/http;
import ballerina/htpp;
import ballerina/io;
import ballerina/log;
import ballerina/uuid as _;
import ballerinax/mysql;
import mycompany/geo;
import tyler/net.http.exception as ex;
import hello_world.model;
import hello_world.util;

xmlns "http://example.com/ns" as ns;

// Greeting ids have the form language:region, e.g. en:GB. Text such as
// foo:bar in a comment is not a reference to a module.
const string DEFAULT_ID = "en:GB";

final geo:Point office = {lat: 51.5072, lon: -0.1276};

final http:Client translator = check new ("http://localhost:9091", {timeout: 10});

function init() {
    io:println("Starting the greeting service on port 9090");
    io:printn("Largest greeting count: ", int:MAX_VALUE);
}

# Greets callers in several languages.
service /greetings on new http:Listener(9090) {

    # Returns a greeting for the given name.
    #
    # + name - who to greet
    # + times - how many times the caller has been greeted, as decimal text
    # + excited - whether the greeting ends with an exclamation mark
    # + return - the greeting, or an error when the name is empty
    resource function get hello(string name, string times = "1", boolean excited = false)
            returns model:Greeting|ex:InvalidRequestError {
        if name.length() == 0 {
            return ex:createInvalidRequestError("name must not be empty");
        }
        string bang = "!";
        string dot = ".";
        string mark = excited?bang:dot;
        string message = string `Hello, ${util:properCaseMessage(name)}${mark}`;
        log:printInfo("greeting sent", name = name, id = DEFAULT_ID);
        return {message, count: util:parseCount(times)};
    }

    # Shouts the name back.
    #
    # + name - who to greet
    # + return - the name in upper case
    resource function get shout(string name) returns string {
        return strings:toUpper(name);
    }

    # Returns the greeting as XML in the greetings namespace.
    #
    # + name - who to greet
    # + return - a `ns:greeting` element
    resource function get hello/document(string name) returns xml {
        string message = util:properCaseMessage(name);
        string elementName = ns:greeting;
        log:printDebug("building element", qname = elementName);
        return xml `<ns:greeting lang="en">${message}</ns:greeting>`;
    }

    # Tells how far a visitor is from the office.
    #
    # + lat - the visitor's latitude
    # + lon - the visitor's longitude
    # + return - the distance in kilometres, a label and a request number in hexadecimal
    resource function get distance(float lat, float lon) returns map<json> {
        geo:Point visitor = {lat, lon};
        float km = geo:distance(office, visitor);
        string far = "far";
        string near = "near";
        string label = km > 100.0 ? far : near;
        int requestNo = km > 1000.0 ? 3 : 1;
        return {km:km, label: label, request: int:toHexString(requestNo)};
    }

    # Stores a greeting sent by the caller.
    #
    # + req - the request, with a greeting as its JSON payload
    # + return - `201 Created`, or an error when the payload is not a greeting
    resource function post hello(http:Request req) returns http:Created|error {
        json payload = check req.getJsonPayload();
        model:Greeting greeting = check payload.cloneWithType();
        log:printInfo("greeting stored", message = greeting.message);
        return http:CREATED;
    }

    # Greets the caller in another language, using the translation service.
    #
    # + name - who to greet
    # + language - the language of the greeting, as an ISO 639-1 code
    # + return - the translated greeting, or an error from the translation service
    resource function get translate(string name, string language) returns string|error {
        string greeting = check translator->get(string `/translate?lang=${language}&text=Hello`);
        return string `${greeting}, ${util:properCaseMessage(name)}`;
    }
}
