"Helpers shared by the example's modules."
module com.example.util "1.0.0" {
    shared import com.example.json "2.1.0";
}
