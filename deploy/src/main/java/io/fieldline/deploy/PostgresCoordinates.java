package io.fieldline.deploy;

/** Where the services find PostgreSQL: the {@code PG_*} values of the configuration contract. */
public record PostgresCoordinates(String host, int port, String database, String user, String password) {

    /** A short description for console output; never includes the password. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }
}
