"A greeting for [[name]]."
shared String greet(String name) => "Hello, ``name``!";
