package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;

/** MATCH / COUNT (/ NOVALUES) options of HSCAN, SSCAN, ZSCAN. */
record ScanOptions(byte[] pattern, long count, boolean noValues) {
    static ScanOptions parse(byte[][] argv, int from, boolean allowNoValues) {
        byte[] pattern = null;
        long count = 10;
        boolean noValues = false;
        for (int i = from; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            if (is(argv[i], "match") && more) {
                pattern = argv[++i];
            } else if (is(argv[i], "count") && more) {
                count = Args.toLong(argv[++i]);
                if (count < 1) {
                    throw Errors.syntax();
                }
            } else if (allowNoValues && is(argv[i], "novalues")) {
                noValues = true;
            } else {
                throw Errors.syntax();
            }
        }
        return new ScanOptions(pattern, count, noValues);
    }
}
