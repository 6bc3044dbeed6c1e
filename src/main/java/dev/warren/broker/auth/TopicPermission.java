package dev.warren.broker.auth;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user's topic permission on one topic exchange of a virtual host, as RabbitMQ has them: a routing key
 * may be published when the write regex matches it, and bound with when the read regex does. The
 * regexes match anywhere in the key (as Erlang's re:run), and {username} and {vhost} in them stand for
 * the user's and the vhost's names.
 */
public final class TopicPermission {
    private final String user;
    private final String vhost;
    private final String exchange;
    private final String write;
    private final String read;
    private final Pattern writePattern;
    private final Pattern readPattern;

    /** @throws IllegalArgumentException when a regex does not compile */
    public TopicPermission(String user, String vhost, String exchange, String write, String read) {
        this.user = user;
        this.vhost = vhost;
        this.exchange = exchange;
        this.write = write;
        this.read = read;
        this.writePattern = compile(write);
        this.readPattern = compile(read);
    }

    private Pattern compile(String regex) {
        String expanded = regex.replace("{username}", Pattern.quote(user)).replace("{vhost}", Pattern.quote(vhost));
        try {
            return Pattern.compile(expanded);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription());
        }
    }

    public String user() {
        return user;
    }

    public String vhost() {
        return vhost;
    }

    public String exchange() {
        return exchange;
    }

    public String write() {
        return write;
    }

    public String read() {
        return read;
    }

    public boolean mayWrite(String routingKey) {
        return writePattern.matcher(routingKey).find();
    }

    public boolean mayRead(String routingKey) {
        return readPattern.matcher(routingKey).find();
    }
}
