package dev.warren.metrics;

/**
 * Prometheus' text exposition format (version 0.0.4), written directly: for the per-object series, whose set
 * of labels changes from one scrape to the next (queues, channels and connections come and go).
 */
final class PrometheusText {
    private final StringBuilder out;

    PrometheusText(StringBuilder out) {
        this.out = out;
    }

    /** Starts a metric family: its HELP and TYPE lines ({@code counter} names end in {@code _total}). */
    void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** One sample of the current family; {@code labels} as {@link #labels} makes them. */
    void sample(String name, String labels, long value) {
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    /** {@code {name1="value1",name2="value2"}}, the values escaped (backslash, double quote, new line). */
    static String labels(String... namesAndValues) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append(namesAndValues[i]).append("=\"");
            String v = namesAndValues[i + 1];
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '"' -> b.append("\\\"");
                    case '\n' -> b.append("\\n");
                    default -> b.append(c);
                }
            }
            b.append('"');
        }
        return b.append('}').toString();
    }
}
