// Bundles the MySQL JDBC driver. Import this module as `ballerinax/mysql.driver as _`
// in the module that creates `mysql:Client` objects.

const string DRIVER_CLASS = "com.mysql.cj.jdbc.Driver";
