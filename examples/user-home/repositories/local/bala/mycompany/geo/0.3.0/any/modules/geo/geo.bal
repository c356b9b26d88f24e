// Geographic helpers shared by mycompany's services.

# A point on the Earth's surface, in decimal degrees.
#
# + lat - the latitude, from -90 to 90
# + lon - the longitude, from -180 to 180
public type Point record {|
    float lat;
    float lon;
|};

# The mean radius of the Earth, in kilometres.
public const float EARTH_RADIUS_KM = 6371.0;

# Returns the approximate distance between two points, using an
# equirectangular projection; good enough for a few hundred kilometres.
#
# + a - the first point
# + b - the second point
# + return - the distance in kilometres
public function distance(Point a, Point b) returns float {
    float x = toRadians(b.lon - a.lon) * toRadians((a.lat + b.lat) / 2.0).cos();
    float y = toRadians(b.lat - a.lat);
    return (x * x + y * y).sqrt() * EARTH_RADIUS_KM;
}

# Returns the point half way between two points.
#
# + a - the first point
# + b - the second point
# + return - the midpoint
public function midpoint(Point a, Point b) returns Point {
    return {lat: (a.lat + b.lat) / 2.0, lon: (a.lon + b.lon) / 2.0};
}

function toRadians(float degrees) returns float {
    return degrees * 3.141592653589793 / 180.0;
}
