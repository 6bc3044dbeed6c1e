package dev.warren.http;

import dev.warren.broker.auth.User;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The route table: method + path pattern ({@code /api/queues/{vhost}/{name}}) + who may call it +
 * handler. Path segments are URL-decoded one by one, so {@code %2F} is a "/" inside a segment, as
 * RabbitMQ's vhost names need. A path that matches with another method is a 405.
 */
public final class Router {
    private record Route(HttpMethod method, String[] pattern, Access access, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Auth auth;
    private Handler fallback;

    /** @param auth checks credentials for non-public routes; null when every route is public */
    Router(Auth auth) {
        this.auth = auth;
    }

    /** A table whose routes are all {@link Access#PUBLIC}. */
    public static Router publicRoutes() {
        return new Router(null);
    }

    public Router route(HttpMethod method, String pattern, Access access, Handler handler) {
        routes.add(new Route(method, split(pattern), access, handler));
        return this;
    }

    public Router get(String pattern, Access access, Handler handler) {
        return route(HttpMethod.GET, pattern, access, handler);
    }

    public Router put(String pattern, Access access, Handler handler) {
        return route(HttpMethod.PUT, pattern, access, handler);
    }

    public Router post(String pattern, Access access, Handler handler) {
        return route(HttpMethod.POST, pattern, access, handler);
    }

    public Router delete(String pattern, Access access, Handler handler) {
        return route(HttpMethod.DELETE, pattern, access, handler);
    }

    /** Answers GET requests that match no route (static files); without one they are 404s. */
    public Router fallback(Handler handler) {
        this.fallback = handler;
        return this;
    }

    Response dispatch(Request request) throws Exception {
        String[] path = decodedSegments(request.path());
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.pattern, path);
            if (params == null) {
                continue;
            }
            boolean head = request.method().equals(HttpMethod.HEAD) && r.method.equals(HttpMethod.GET);
            if (!r.method.equals(request.method()) && !head) {
                allowed.add(r.method.name());
                continue;
            }
            User user = null;
            if (r.access != Access.PUBLIC) {
                user = auth.authenticate(request.headers().get("Authorization"));
                Auth.require(user, r.access);
            }
            Request matched = request.withParams(params, user);
            Response response = r.handler.handle(matched);
            return r.method.equals(HttpMethod.GET) && ListQuery.wanted(matched) ? ListQuery.apply(matched, response)
                    : response;
        }
        if (!allowed.isEmpty()) {
            return Response.json(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    Map.of("error", "Method Not Allowed", "reason", request.method().name() + " not allowed"))
                    .header("Allow", String.join(", ", allowed));
        }
        if (fallback != null && (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))) {
            return fallback.handle(request);
        }
        throw HttpError.notFound();
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String s : pattern.split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return parts.toArray(new String[0]);
    }

    /** Splits the raw path at "/" and URL-decodes each segment ("+" stays a plus in paths). */
    static String[] decodedSegments(String rawPath) {
        List<String> parts = new ArrayList<>();
        for (String s : rawPath.split("/", -1)) {
            if (!s.isEmpty()) {
                parts.add(QueryStringDecoder.decodeComponent(s.replace("+", "%2B")));
            }
        }
        return parts.toArray(new String[0]);
    }
}
