package dev.warren.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web UI: static files shipped in the jar under {@code dev/warren/http/ui/}, served without
 * credentials (the pages log in to the API themselves). "/" is index.html.
 */
final class StaticFiles implements Handler {
    private static final String ROOT = "/dev/warren/http/ui/";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+\\.(html|js|css|svg|png|ico)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon");

    @Override
    public Response handle(Request request) throws IOException {
        String[] path = Router.decodedSegments(request.path());
        String name = path.length == 0 ? "index.html" : path.length == 1 ? path[0] : null;
        if (name == null || !SAFE.matcher(name).matches()) {
            throw HttpError.notFound();
        }
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw HttpError.notFound();
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return new Response(HttpResponseStatus.OK, TYPES.get(ext), in.readAllBytes(), new LinkedHashMap<>());
        }
    }
}
