package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RabbitMQ's query parameters on GET lists, applied to any JSON reply: {@code sort} (a field, dotted for
 * nested ones, e.g. {@code message_stats.publish}) and {@code sort_reverse}; {@code columns} (a comma
 * list of fields to keep); and, with {@code page}, filtering by {@code name} (a case-insensitive
 * substring, or with {@code use_regex=true} a regex) and paging by {@code page_size} (default 100, at
 * most 500) into {"filtered_count", "item_count", "page", "page_count", "page_size", "total_count", "items"}.
 */
final class ListQuery {
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 500;

    private ListQuery() {
    }

    /** True when the request asks for anything this class does. */
    static boolean wanted(Request r) {
        return r.query("sort") != null || r.query("columns") != null || r.query("page") != null
                || r.query("sort_reverse") != null;
    }

    static Response apply(Request r, Response response) throws java.io.IOException {
        if (!Response.JSON.equals(response.contentType()) || response.status().code() != 200) {
            return response;
        }
        JsonNode body = Json.MAPPER.readTree(response.body());
        List<String> columns = columns(r.query("columns"));
        if (body.isObject()) {
            return columns.isEmpty() ? response : reply(response, select((ObjectNode) body, columns));
        }
        if (!body.isArray()) {
            return response;
        }
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        int total = items.size();
        String page = r.query("page");
        if (page != null) {
            items = filter(items, r.query("name"), "true".equals(r.query("use_regex")));
        }
        sort(items, r.query("sort"), "true".equals(r.query("sort_reverse")));
        int filtered = items.size();
        ObjectNode paged = null;
        if (page != null) {
            int p = positive(page, "page");
            int size = r.query("page_size") == null ? DEFAULT_PAGE_SIZE : positive(r.query("page_size"), "page_size");
            if (size > MAX_PAGE_SIZE) {
                throw HttpError.badRequest("page_size cannot be bigger than " + MAX_PAGE_SIZE);
            }
            int pageCount = (filtered + size - 1) / size;
            if (p > 1 && p > pageCount) {
                throw HttpError.badRequest("page_out_of_range");
            }
            int from = Math.min((p - 1) * size, filtered);
            items = items.subList(from, Math.min(from + size, filtered));
            paged = Json.object().put("filtered_count", filtered).put("item_count", items.size()).put("page", p)
                    .put("page_count", pageCount).put("page_size", size).put("total_count", total);
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode item : items) {
            out.add(columns.isEmpty() || !item.isObject() ? item : select((ObjectNode) item, columns));
        }
        if (paged != null) {
            paged.set("items", out);
            return reply(response, paged);
        }
        return reply(response, out);
    }

    private static Response reply(Response original, JsonNode body) {
        Response r = Response.json(original.status(), body);
        original.headers().forEach(r::header);
        return r;
    }

    private static int positive(String value, String name) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw HttpError.badRequest(name + " must be a positive integer");
    }

    private static List<String> columns(String columns) {
        List<String> out = new ArrayList<>();
        if (columns != null) {
            for (String c : columns.split(",")) {
                if (!c.isBlank()) {
                    out.add(c.strip());
                }
            }
        }
        return out;
    }

    private static List<JsonNode> filter(List<JsonNode> items, String name, boolean regex) {
        if (name == null || name.isEmpty()) {
            return items;
        }
        Pattern pattern;
        try {
            pattern = regex ? Pattern.compile(name, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE) : null;
        } catch (PatternSyntaxException e) {
            throw HttpError.badRequest("invalid regular expression: " + e.getDescription());
        }
        String needle = name.toLowerCase(Locale.ROOT);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : items) {
            String n = item.path("name").asText("");
            if (regex ? pattern.matcher(n).find() : n.toLowerCase(Locale.ROOT).contains(needle)) {
                out.add(item);
            }
        }
        return out;
    }

    private static void sort(List<JsonNode> items, String field, boolean reverse) {
        if (field != null && !field.isEmpty()) {
            items.sort(Comparator.comparing(item -> at(item, field), ListQuery::compare));
        }
        if (reverse) {
            java.util.Collections.reverse(items);
        }
    }

    /** Missing values first, then numbers by value, then everything else by its text. */
    private static int compare(JsonNode a, JsonNode b) {
        boolean am = a.isMissingNode() || a.isNull(), bm = b.isMissingNode() || b.isNull();
        if (am || bm) {
            return Boolean.compare(!am, !bm);
        }
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        if (a.isNumber() != b.isNumber()) {
            return a.isNumber() ? -1 : 1;
        }
        return a.asText().compareTo(b.asText());
    }

    private static JsonNode at(JsonNode item, String dotted) {
        JsonNode n = item;
        for (String part : dotted.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    /** Keeps the named (possibly dotted) fields of an object, nested as they were. */
    private static ObjectNode select(ObjectNode item, List<String> columns) {
        ObjectNode out = Json.object();
        for (String c : columns) {
            String[] parts = c.split("\\.");
            JsonNode src = item;
            ObjectNode dst = out;
            for (int i = 0; i < parts.length && src.isObject(); i++) {
                JsonNode child = src.get(parts[i]);
                if (child == null) {
                    break;
                }
                if (i == parts.length - 1) {
                    dst.set(parts[i], child);
                } else {
                    dst = dst.has(parts[i]) && dst.get(parts[i]).isObject() ? (ObjectNode) dst.get(parts[i])
                            : dst.putObject(parts[i]);
                    src = child;
                }
            }
        }
        return out;
    }
}
