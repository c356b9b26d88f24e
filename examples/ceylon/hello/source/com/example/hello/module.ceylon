"The example's main module: greets the world.

 Run it with `ceylon run com.example.hello`."
by("Example Corp")
license("ASL 2.0")
native("jvm")
module com.example.hello "1.0.0" {
    value ceylonVersion = "1.3.3";

    // From the distribution (ceylon-home/repo).
    import ceylon.collection ceylonVersion;
    shared import ceylon.file "1.3.3";
    /* From the user repository (user-home/repo), which has 1.0.0, 1.1.0 and 2.0.0. */
    import com.example.strings "1.2.0";
    optional import com.example.logging "1.0";
    // A module of this project.
    import com.example.util "1.0.0";
    // Maven imports are parsed, never looked up.
    import maven:"org.slf4j:slf4j-api" "1.7.25";
}
