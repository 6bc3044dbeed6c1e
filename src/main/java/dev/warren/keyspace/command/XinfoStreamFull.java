package dev.warren.keyspace.command;

import dev.warren.keyspace.StreamId;
import dev.warren.keyspace.StreamValue;
import dev.warren.keyspace.StreamValue.Group;
import dev.warren.keyspace.StreamValue.Pending;
import dev.warren.resp.codec.RespWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of {@code XINFO STREAM key FULL [COUNT n]} after the common fields, in Redis 7.2's shape:
 * "entries" (the first n entries), then "groups", each with its pending entries list and its consumers
 * (with their own pending lists). Every list is cut at n entries; n = 0 means all.
 */
final class XinfoStreamFull {
    private XinfoStreamFull() {
    }

    static void write(RespWriter r, StreamValue s, long count) {
        r.bulk("entries");
        List<Map.Entry<StreamId, byte[][]>> entries = new ArrayList<>();
        for (Map.Entry<StreamId, byte[][]> e : s.entries.entrySet()) {
            if (count > 0 && entries.size() >= count) {
                break;
            }
            entries.add(e);
        }
        r.array(entries.size());
        for (Map.Entry<StreamId, byte[][]> e : entries) {
            StreamCommands.writeEntry(r, e.getKey(), e.getValue());
        }
        r.bulk("groups");
        r.array(s.groups.size());
        for (Group g : s.groups.values()) {
            r.map(7);
            r.bulk("name");
            r.bulk(g.name.bytes);
            r.bulk("last-delivered-id");
            r.bulk(StreamCommands.bytes(g.lastDelivered));
            r.bulk("entries-read");
            r.integer(g.entriesRead);
            r.bulk("lag");
            r.integer(Math.max(0, s.entriesAdded - g.entriesRead));
            r.bulk("pel-count");
            r.integer(g.pending.size());
            r.bulk("pending");
            int n = (int) (count > 0 ? Math.min(count, g.pending.size()) : g.pending.size());
            r.array(n);
            int written = 0;
            for (Map.Entry<StreamId, Pending> e : g.pending.entrySet()) {
                if (written++ == n) {
                    break;
                }
                r.array(4);
                r.bulk(StreamCommands.bytes(e.getKey()));
                r.bulk(e.getValue().consumer.bytes);
                r.integer(e.getValue().deliveryTime);
                r.integer(e.getValue().deliveryCount);
            }
            r.bulk("consumers");
            r.array(g.consumers.size());
            for (StreamValue.Consumer con : g.consumers.values()) {
                writeConsumer(r, g, con, count);
            }
        }
    }

    private static void writeConsumer(RespWriter r, Group g, StreamValue.Consumer con, long count) {
        List<Map.Entry<StreamId, Pending>> own = new ArrayList<>();
        long total = 0;
        for (Map.Entry<StreamId, Pending> e : g.pending.entrySet()) {
            if (e.getValue().consumer.equals(con.name)) {
                total++;
                if (count == 0 || own.size() < count) {
                    own.add(e);
                }
            }
        }
        r.map(5);
        r.bulk("name");
        r.bulk(con.name.bytes);
        r.bulk("seen-time");
        r.integer(con.seenTime);
        r.bulk("active-time");
        r.integer(con.activeTime);
        r.bulk("pel-count");
        r.integer(total);
        r.bulk("pending");
        r.array(own.size());
        for (Map.Entry<StreamId, Pending> e : own) {
            r.array(3);
            r.bulk(StreamCommands.bytes(e.getKey()));
            r.integer(e.getValue().deliveryTime);
            r.integer(e.getValue().deliveryCount);
        }
    }
}
