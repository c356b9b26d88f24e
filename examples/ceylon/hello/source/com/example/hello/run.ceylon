import ceylon.collection {
    ArrayList
}
import com.example.util {
    greet
}

"Prints a greeting for each name."
shared void run() {
    value names = ArrayList { "world", "Ceylon" };
    for (name in names) {
        print(greet(name));
    }
}
