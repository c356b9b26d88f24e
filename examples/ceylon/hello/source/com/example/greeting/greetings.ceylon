"Hello in a few languages."
shared [String+] greetings = ["Hello", "Bonjour", "Hola", "Hallo"];
