"Greetings in several languages."
module com.example.greetings "0.1.0" {
    import ceylon.file "1.3.3";
}
