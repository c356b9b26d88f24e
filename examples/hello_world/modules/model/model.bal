// Data types of the greeting service and access to its database.

import ballerinax/mysql;
import ballerinax/mysql.driver as _;

# A greeting returned by the service.
#
# + message - the greeting text
# + language - the language of the greeting, as an ISO 639-1 code
# + count - how many times the caller has been greeted
public type Greeting record {|
    string message;
    string language = "en";
    int count;
|};

# Where the greetings database lives.
#
# + host - the database host
# + port - the database port
# + user - the user name
# + password - the user's password
# + database - the name of the database
public type DbConfig record {|
    string host = "localhost";
    int port = 3306;
    string user;
    string password;
    string database = "greetings";
|};

# Opens a client for the greetings database.
#
# + config - where the database lives
# + return - a client, or an error when the database cannot be reached
public function openDatabase(DbConfig config) returns mysql:Client|error {
    mysql:Options options = {connectTimeout: 10, ssl: {mode: mysql:SSL_PREFERRED}};
    mysql:Client dbClient = check new (config.host, config.user, config.password, config.database,
        config.port, options);
    return dbClient;
}
