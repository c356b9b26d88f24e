import acme/strutils;

# The text, louder.
public function shout(string text) returns string {
    return strutils:upper(text) + "!";
}
