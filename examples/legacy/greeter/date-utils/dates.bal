# Today's date, as text.
public function today() returns string {
    return "2020-03-01";
}
