import ballerina/log;
import formatting;
import natasha/mathutils;
import natasha/colours;
import wso2/twitter version 0.10.0 as tw;

# A greeting for `name`, with a count and a colour.
public function hello(string name) returns string {
    int count = mathutils:add(1, mathutils:max(2, 3));
    string text = formatting:shout("Hello, " + name) + " x" + count.toString();
    return tw:shorten(colours:paint(text));
}
