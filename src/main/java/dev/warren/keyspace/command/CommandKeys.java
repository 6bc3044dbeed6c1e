package dev.warren.keyspace.command;

import dev.warren.keyspace.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The key arguments of a command (ACL key checks, copy-on-write during a background rewrite): the
 * table's key positions plus the numkeys forms and XREAD's STREAMS.
 */
public final class CommandKeys {
    private CommandKeys() {
    }

    public static List<byte[]> of(Command cmd, byte[][] argv) {
        List<byte[]> keys = new ArrayList<>();
        switch (cmd.name()) {
            case "lmpop", "zmpop", "sintercard", "zunion", "zinter", "zdiff", "zintercard" -> numkeys(argv, 1, keys);
            case "blmpop", "bzmpop" -> numkeys(argv, 2, keys);
            case "zunionstore", "zinterstore", "zdiffstore" -> {
                keys.add(argv[1]);
                numkeys(argv, 2, keys);
            }
            case "xread", "xreadgroup" -> {
                for (int i = 1; i < argv.length; i++) {
                    if (new String(argv[i], StandardCharsets.US_ASCII).equalsIgnoreCase("streams")) {
                        int n = (argv.length - i - 1) / 2;
                        for (int j = 0; j < n; j++) {
                            keys.add(argv[i + 1 + j]);
                        }
                        break;
                    }
                }
            }
            default -> {
                if (cmd.firstKey() > 0) {
                    int last = cmd.lastKey() >= 0 ? cmd.lastKey() : argv.length + cmd.lastKey();
                    for (int i = cmd.firstKey(); i <= last && i < argv.length; i += cmd.step()) {
                        keys.add(argv[i]);
                    }
                }
            }
        }
        return keys;
    }

    private static void numkeys(byte[][] argv, int at, List<byte[]> keys) {
        if (at >= argv.length) {
            return;
        }
        Long n = Numbers.parseLongOrNull(argv[at]);
        if (n == null || n <= 0) {
            return;
        }
        for (int i = at + 1; i <= at + n && i < argv.length; i++) {
            keys.add(argv[i]);
        }
    }
}
