package dev.warren.keyspace.command;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Glob;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, PUBSUB. */
public final class PubSubCommands {
    private PubSubCommands() {
    }

    private static void confirm(RespClient c, String kind, byte[] name) {
        RespWriter r = c.reply();
        r.push(3);
        r.bulk(kind);
        r.bulk(name);
        r.integer(c.subscriptionCount());
    }

    public static void subscribe(RespClient c, byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            c.subscribe(new Bytes(argv[i]));
            confirm(c, "subscribe", argv[i]);
        }
    }

    public static void psubscribe(RespClient c, byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            c.psubscribe(new Bytes(argv[i]));
            confirm(c, "psubscribe", argv[i]);
        }
    }

    public static void unsubscribe(RespClient c, byte[][] argv) {
        List<Bytes> targets = new ArrayList<>();
        if (argv.length == 1) {
            targets.addAll(c.channels());
        } else {
            for (int i = 1; i < argv.length; i++) {
                targets.add(new Bytes(argv[i]));
            }
        }
        if (targets.isEmpty()) {
            confirm(c, "unsubscribe", null);
            return;
        }
        for (Bytes ch : targets) {
            c.unsubscribe(ch);
            confirm(c, "unsubscribe", ch.bytes);
        }
    }

    public static void punsubscribe(RespClient c, byte[][] argv) {
        List<Bytes> targets = new ArrayList<>();
        if (argv.length == 1) {
            targets.addAll(c.patterns());
        } else {
            for (int i = 1; i < argv.length; i++) {
                targets.add(new Bytes(argv[i]));
            }
        }
        if (targets.isEmpty()) {
            confirm(c, "punsubscribe", null);
            return;
        }
        for (Bytes p : targets) {
            c.punsubscribe(p);
            confirm(c, "punsubscribe", p.bytes);
        }
    }

    public static void publish(RespClient c, byte[][] argv) {
        int n = c.server().pubsub.publish(c, argv[1], argv[2]);
        c.reply().integer(n);
    }

    public static void pubsub(RespClient c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        RespWriter r = c.reply();
        switch (sub) {
            case "channels" -> {
                if (argv.length > 3) {
                    throw Errors.wrongArgs("pubsub|channels");
                }
                List<byte[]> out = new ArrayList<>();
                for (Bytes ch : c.server().pubsub.channels()) {
                    if (argv.length == 2 || Glob.matches(argv[2], ch.bytes)) {
                        out.add(ch.bytes);
                    }
                }
                r.array(out.size());
                out.forEach(r::bulk);
            }
            case "numsub" -> {
                r.map(argv.length - 2);
                for (int i = 2; i < argv.length; i++) {
                    r.bulk(argv[i]);
                    r.integer(c.server().pubsub.subscribers(new Bytes(argv[i])));
                }
            }
            case "numpat" -> {
                if (argv.length != 2) {
                    throw Errors.wrongArgs("pubsub|numpat");
                }
                r.integer(c.server().pubsub.patternCount());
            }
            case "shardchannels" -> r.array(0);
            case "shardnumsub" -> {
                r.map(argv.length - 2);
                for (int i = 2; i < argv.length; i++) {
                    r.bulk(argv[i]);
                    r.integer(0);
                }
            }
            default -> throw Errors.unknownSubcommand(Args.str(argv[1]), "PUBSUB");
        }
    }
}
