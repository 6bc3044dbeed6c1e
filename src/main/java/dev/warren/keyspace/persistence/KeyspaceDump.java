package dev.warren.keyspace.persistence;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Database;
import dev.warren.keyspace.Entry;
import dev.warren.keyspace.HashValue;
import dev.warren.keyspace.Keyspace;
import dev.warren.keyspace.ListValue;
import dev.warren.keyspace.SetValue;
import dev.warren.keyspace.SortedSetValue;
import dev.warren.keyspace.StreamId;
import dev.warren.keyspace.StreamValue;
import dev.warren.resp.codec.RespWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the commands that recreate the current keyspace (SELECT, SET/RPUSH/HSET/SADD/ZADD, PEXPIREAT)
 * in RESP: the body of a rewritten append-only file. Call under the keyspace lock (background rewrites
 * go through {@link KeyspaceSnapshot}).
 */
public final class KeyspaceDump {
    private static final int CHUNK = 512;

    private KeyspaceDump() {
    }

    public static void write(Keyspace keyspace, OutputStream out) throws IOException {
        for (int i = 0; i < Keyspace.DATABASES; i++) {
            Database db = keyspace.db(i);
            List<Entry> entries = db.entries();
            if (entries.isEmpty()) {
                continue;
            }
            command(out, b("SELECT"), b(Integer.toString(i)));
            for (Entry e : entries) {
                writeEntry(out, e.key.bytes, e.value, e.expireAt());
            }
        }
    }

    static void writeEntry(OutputStream out, byte[] key, Object v, long expireAt) throws IOException {
        if (v instanceof byte[] s) {
            command(out, b("SET"), key, s);
        } else if (v instanceof ListValue l) {
            List<byte[]> items = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                items.add(l.get(i));
            }
            chunked(out, "RPUSH", key, items);
        } else if (v instanceof HashValue h) {
            List<byte[]> items = new ArrayList<>();
            for (Map.Entry<Bytes, byte[]> f : h.entrySet()) {
                items.add(f.getKey().bytes);
                items.add(f.getValue());
            }
            chunked(out, "HSET", key, items);
        } else if (v instanceof SetValue s) {
            List<byte[]> items = new ArrayList<>();
            for (Bytes m : s) {
                items.add(m.bytes);
            }
            chunked(out, "SADD", key, items);
        } else if (v instanceof SortedSetValue z) {
            List<byte[]> items = new ArrayList<>();
            z.forEach((score, member) -> {
                items.add(b(RespWriter.formatDouble(score)));
                items.add(member);
            });
            chunked(out, "ZADD", key, items);
        }
        if (v instanceof StreamValue st) {
            writeStream(out, key, st);
        }
        if (expireAt != 0) {
            command(out, b("PEXPIREAT"), key, b(Long.toString(expireAt)));
        }
    }

    private static void writeStream(OutputStream out, byte[] key, StreamValue st) throws IOException {
        if (st.entries.isEmpty()) {
            command(out, b("XADD"), key, b("MAXLEN"), b("0"), b(st.lastId.toString()), b("x"), b("y"));
        }
        for (Map.Entry<StreamId, byte[][]> en : st.entries.entrySet()) {
            byte[][] argv = new byte[3 + en.getValue().length][];
            argv[0] = b("XADD");
            argv[1] = key;
            argv[2] = b(en.getKey().toString());
            System.arraycopy(en.getValue(), 0, argv, 3, en.getValue().length);
            command(out, argv);
        }
        command(out, b("XSETID"), key, b(st.lastId.toString()), b("ENTRIESADDED"), b(Long.toString(st.entriesAdded)),
                b("MAXDELETEDID"), b(st.maxDeletedId.toString()));
        for (StreamValue.Group g : st.groups.values()) {
            command(out, b("XGROUP"), b("CREATE"), key, g.name.bytes, b(g.lastDelivered.toString()), b("ENTRIESREAD"),
                    b(Long.toString(g.entriesRead)));
            for (StreamValue.Consumer con : g.consumers.values()) {
                command(out, b("XGROUP"), b("CREATECONSUMER"), key, g.name.bytes, con.name.bytes);
            }
            for (Map.Entry<StreamId, StreamValue.Pending> p : g.pending.entrySet()) {
                command(out, b("XCLAIM"), key, g.name.bytes, p.getValue().consumer.bytes, b("0"),
                        b(p.getKey().toString()), b("TIME"), b(Long.toString(p.getValue().deliveryTime)),
                        b("RETRYCOUNT"), b(Long.toString(p.getValue().deliveryCount)), b("FORCE"), b("JUSTID"));
            }
        }
    }

    private static void chunked(OutputStream out, String cmd, byte[] key, List<byte[]> items) throws IOException {
        int per = cmd.equals("HSET") || cmd.equals("ZADD") ? CHUNK * 2 : CHUNK;
        for (int from = 0; from < items.size(); from += per) {
            List<byte[]> part = items.subList(from, Math.min(items.size(), from + per));
            byte[][] argv = new byte[2 + part.size()][];
            argv[0] = b(cmd);
            argv[1] = key;
            for (int i = 0; i < part.size(); i++) {
                argv[2 + i] = part.get(i);
            }
            command(out, argv);
        }
    }

    static void command(OutputStream out, byte[]... argv) throws IOException {
        if (out instanceof RespEncoder e) {
            e.command(argv);
        } else {
            out.write(RespEncoder.encode(argv));
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
