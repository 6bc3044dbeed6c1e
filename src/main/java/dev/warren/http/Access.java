package dev.warren.http;

/** Who may call a route, by RabbitMQ's user tags. Each level includes the ones below it. */
public enum Access {
    /** No credentials needed (the web UI's static files). */
    PUBLIC,
    /** Any user tagged management, policymaker, monitoring or administrator; sees only its own vhosts. */
    MANAGEMENT,
    /** policymaker or administrator: manages the policies of the vhosts it has permissions in. */
    POLICYMAKER,
    /** monitoring or administrator: sees every vhost, connection and channel. */
    MONITORING,
    /** administrator only: users, permissions, definitions. */
    ADMINISTRATOR
}
