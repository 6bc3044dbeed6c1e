package dev.warren.broker.exchange;

import dev.warren.broker.Binding;
import dev.warren.broker.BrokerException;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Routes by message headers. A binding's {@code x-match} argument says how its other arguments must
 * match the headers: {@code all} (default) or {@code any}; {@code all-with-x} and {@code any-with-x}
 * also compare arguments starting with {@code x-}. An argument of type void matches on presence only.
 */
public final class HeadersExchange extends Exchange {
    private static final List<String> MATCH_MODES = List.of("all", "any", "all-with-x", "any-with-x");

    private volatile Binding[] index = new Binding[0];

    public HeadersExchange(String vhost, String name, boolean durable, boolean autoDelete, boolean internal,
                           Map<String, Object> arguments) {
        super(vhost, name, durable, autoDelete, internal, arguments);
    }

    @Override
    public String type() {
        return "headers";
    }

    @Override
    public void validateBinding(String routingKey, Map<String, Object> arguments) throws BrokerException {
        Object mode = arguments == null ? null : arguments.get("x-match");
        if (mode != null && !MATCH_MODES.contains(String.valueOf(mode))) {
            throw BrokerException.preconditionFailed("Invalid x-match field value " + mode
                    + "; expected all, any, all-with-x, or any-with-x");
        }
    }

    @Override
    public void route(Message message, RoutingResult result) {
        Map<String, Object> headers = message.properties().headers();
        if (headers == null) {
            headers = Map.of();
        }
        for (Binding b : index) {
            if (matches(b.arguments(), headers)) {
                result.add(b.destination());
            }
        }
    }

    static boolean matches(Map<String, Object> args, Map<String, Object> headers) {
        String mode = args.get("x-match") == null ? "all" : String.valueOf(args.get("x-match"));
        boolean any = mode.startsWith("any");
        boolean withX = mode.endsWith("-with-x");
        for (Map.Entry<String, Object> arg : args.entrySet()) {
            String key = arg.getKey();
            if (key.equals("x-match") || (!withX && key.startsWith("x-"))) {
                continue;
            }
            boolean match = headers.containsKey(key)
                    && (arg.getValue() == null || sameValue(arg.getValue(), headers.get(key)));
            if (any && match) {
                return true;
            }
            if (!any && !match) {
                return false;
            }
        }
        return !any;
    }

    /** Compares field values as RabbitMQ does: by value, integers of any width alike. */
    private static boolean sameValue(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (isIntegral(a) && isIntegral(b)) {
            return ((Number) a).longValue() == ((Number) b).longValue();
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return a.equals(b);
    }

    private static boolean isIntegral(Object o) {
        return o instanceof Byte || o instanceof Short || o instanceof Integer || o instanceof Long;
    }

    @Override
    protected void indexBinding(Binding binding) {
        index = bindings().toArray(new Binding[0]);
    }

    @Override
    protected void unindexBinding(Binding binding) {
        index = bindings().toArray(new Binding[0]);
    }
}
