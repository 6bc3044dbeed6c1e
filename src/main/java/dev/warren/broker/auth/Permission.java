package dev.warren.broker.auth;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user's permissions in one virtual host, as RabbitMQ has them: three regular expressions that a
 * resource's name must match for configure (declare, delete), write (publish to, bind to) and read
 * (consume from, get, purge, bind from) operations. As in RabbitMQ a regex matches anywhere in the name
 * (anchor it with {@code ^...$}) and the empty string matches nothing. Immutable; the regexes are
 * compiled once, here.
 */
public final class Permission {
    /** What a permission allows: the three operation classes of RabbitMQ's access control. */
    public enum Kind {
        CONFIGURE, WRITE, READ;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Full access: ".*" for all three. */
    public static final Permission FULL = new Permission(".*", ".*", ".*");

    private final String configure;
    private final String write;
    private final String read;
    private final Pattern configurePattern;
    private final Pattern writePattern;
    private final Pattern readPattern;

    /** @throws IllegalArgumentException when a regex does not compile */
    public Permission(String configure, String write, String read) {
        this.configure = configure;
        this.write = write;
        this.read = read;
        this.configurePattern = compile(configure);
        this.writePattern = compile(write);
        this.readPattern = compile(read);
    }

    private static Pattern compile(String regex) {
        if (regex == null) {
            throw new IllegalArgumentException("a permission regex is missing");
        }
        if (regex.isEmpty()) {
            return null; // matches nothing, as RabbitMQ's "^$" reading of ""
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription());
        }
    }

    public String configure() {
        return configure;
    }

    public String write() {
        return write;
    }

    public String read() {
        return read;
    }

    /** Whether this permission allows the operation on a resource (queue or exchange) of that name. */
    public boolean allows(Kind kind, String resourceName) {
        Pattern p = switch (kind) {
            case CONFIGURE -> configurePattern;
            case WRITE -> writePattern;
            case READ -> readPattern;
        };
        return p != null && p.matcher(resourceName).find();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permission p && p.configure.equals(configure) && p.write.equals(write)
                && p.read.equals(read);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(configure, write, read);
    }

    @Override
    public String toString() {
        return "configure '" + configure + "', write '" + write + "', read '" + read + "'";
    }
}
