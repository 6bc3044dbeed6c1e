package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.params.XTrimParams;
import redis.clients.jedis.resps.StreamEntry;

class RespStreamCommandsTest extends RespTestBase {

    private static List<String> ids(List<StreamEntry> entries) {
        return entries.stream().map(e -> e.getID().toString()).toList();
    }

    @Test
    void xaddGeneratesIncreasingIdsAndXrangeReadsThem() {
        StreamEntryID a = jedis.xadd("s", StreamEntryID.NEW_ENTRY, Map.of("f", "1"));
        StreamEntryID b = jedis.xadd("s", StreamEntryID.NEW_ENTRY, Map.of("f", "2"));
        assertThat(b).isGreaterThan(a);
        assertThat(jedis.xlen("s")).isEqualTo(2);
        assertThat(jedis.xrange("s", "-", "+")).extracting(e -> e.getFields().get("f")).containsExactly("1", "2");
        assertThat(ids(jedis.xrevrange("s", "+", "-", 1))).containsExactly(b.toString());
        assertThat(jedis.type("s")).isEqualTo("stream");
    }

    @Test
    void explicitIdsMustIncrease() {
        assertThat(raw(jedis, "XADD", "s", "5-1", "f", "v")).isEqualTo("5-1".getBytes());
        assertThat(raw(jedis, "XADD", "s", "5-*", "f", "v")).isEqualTo("5-2".getBytes());
        assertThat(raw(jedis, "XADD", "s", "7", "f", "v")).isEqualTo("7-0".getBytes());
        assertError("ERR The ID specified in XADD is equal or smaller than the target stream top item",
                () -> raw(jedis, "XADD", "s", "6-0", "f", "v"));
        assertError("ERR The ID specified in XADD must be greater than 0-0",
                () -> raw(jedis, "XADD", "t", "0-0", "f", "v"));
        assertError("ERR Invalid stream ID specified as stream command argument",
                () -> raw(jedis, "XADD", "s", "abc", "f", "v"));
        assertError("ERR wrong number of arguments for 'xadd' command", () -> raw(jedis, "XADD", "s", "*", "f"));
        assertThat(ids(jedis.xrange("s", "(5-1", "+"))).containsExactly("5-2", "7-0");
        assertThat(ids(jedis.xrange("s", "5", "5"))).containsExactly("5-1", "5-2");
    }

    @Test
    void trimmingByMaxlenAndMinid() {
        for (int i = 1; i <= 10; i++) {
            raw(jedis, "XADD", "s", i + "-0", "f", "v");
        }
        raw(jedis, "XADD", "s", "MAXLEN", "~", "5", "11-0", "f", "v");
        assertThat(jedis.xlen("s")).isEqualTo(5);
        assertThat(jedis.xtrim("s", XTrimParams.xTrimParams().minId("9-0"))).isEqualTo(2);
        assertThat(ids(jedis.xrange("s", "-", "+"))).containsExactly("9-0", "10-0", "11-0");
        assertThat(jedis.xdel("s", new StreamEntryID(10, 0), new StreamEntryID(99, 0))).isEqualTo(1);
        assertThat(jedis.xadd("nope", XAddParams.xAddParams().noMkStream(), Map.of("f", "v"))).isNull();
        assertThat(jedis.exists("nope")).isFalse();
    }

    @Test
    void xreadReturnsEntriesAfterTheGivenIds() {
        raw(jedis, "XADD", "a", "1-0", "f", "1");
        raw(jedis, "XADD", "a", "2-0", "f", "2");
        raw(jedis, "XADD", "b", "1-0", "f", "x");
        var res = jedis.xread(XReadParams.xReadParams().count(1),
                Map.of("a", new StreamEntryID(1, 0), "b", new StreamEntryID(0, 0)));
        assertThat(res).hasSize(2);
        var byKey = res.stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(ids(byKey.get("a"))).containsExactly("2-0");
        assertThat(ids(byKey.get("b"))).containsExactly("1-0");
        assertThat(jedis.xread(XReadParams.xReadParams(), Map.of("a", new StreamEntryID(2, 0)))).isNull();
        assertError("ERR Unbalanced 'xread' list of streams: for each stream key an ID or '$' must be specified.",
                () -> raw(jedis, "XREAD", "STREAMS", "a", "b", "0"));
    }

    @Test
    void xreadBlockWaitsForANewEntry() throws Exception {
        raw(jedis, "XADD", "s", "1-0", "f", "old");
        Jedis blocked = connect();
        var r = CompletableFuture.supplyAsync(() -> blocked.xread(XReadParams.xReadParams().block(10_000),
                Map.of("s", StreamEntryID.XREAD_NEW_ENTRY)));
        waitUntil("client is blocked", () -> jedis.info("clients").contains("blocked_clients:1"));
        raw(jedis, "XADD", "s", "2-0", "f", "new");
        var got = r.get(5, TimeUnit.SECONDS);
        assertThat(ids(got.get(0).getValue())).containsExactly("2-0");
        assertThat(jedis.xread(XReadParams.xReadParams().block(50), Map.of("s", StreamEntryID.XREAD_NEW_ENTRY)))
                .isNull();
    }

    @Test
    void consumerGroupsDeliverAcknowledgeAndTrackPending() {
        for (int i = 1; i <= 3; i++) {
            raw(jedis, "XADD", "s", i + "-0", "f", "v" + i);
        }
        assertThat(jedis.xgroupCreate("s", "g", new StreamEntryID(0, 0), false)).isEqualTo("OK");
        assertError("BUSYGROUP Consumer Group name already exists",
                () -> jedis.xgroupCreate("s", "g", new StreamEntryID(0, 0), false));
        var read = jedis.xreadGroup("g", "alice", XReadGroupParams.xReadGroupParams().count(2),
                Map.of("s", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        assertThat(ids(read.get(0).getValue())).containsExactly("1-0", "2-0");
        var rest = jedis.xreadGroup("g", "bob", XReadGroupParams.xReadGroupParams(),
                Map.of("s", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        assertThat(ids(rest.get(0).getValue())).containsExactly("3-0");
        var summary = jedis.xpending("s", "g");
        assertThat(summary.getTotal()).isEqualTo(3);
        assertThat(summary.getConsumerMessageCount()).containsEntry("alice", 2L).containsEntry("bob", 1L);
        assertThat(jedis.xack("s", "g", new StreamEntryID(1, 0))).isEqualTo(1);
        var details = jedis.xpending("s", "g", XPendingParams.xPendingParams().count(10).consumer("alice"));
        assertThat(details).hasSize(1);
        assertThat(details.get(0).getID().toString()).isEqualTo("2-0");
        var history = jedis.xreadGroup("g", "alice", XReadGroupParams.xReadGroupParams(),
                Map.of("s", new StreamEntryID(0, 0)));
        assertThat(ids(history.get(0).getValue())).containsExactly("2-0");
        var claimed = jedis.xclaim("s", "g", "bob", 0, XClaimParams.xClaimParams(), new StreamEntryID(2, 0));
        assertThat(ids(claimed)).containsExactly("2-0");
        assertThat(jedis.xpending("s", "g").getConsumerMessageCount()).containsEntry("bob", 2L);
        var auto = jedis.xautoclaim("s", "g", "carol", 0, new StreamEntryID(0, 0),
                redis.clients.jedis.params.XAutoClaimParams.xAutoClaimParams().count(10));
        assertThat(ids(auto.getValue())).containsExactly("2-0", "3-0");
        assertError("NOGROUP No such key 's' or consumer group 'nope' in XREADGROUP with GROUP option",
                () -> jedis.xreadGroup("nope", "c", XReadGroupParams.xReadGroupParams(),
                        Map.of("s", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)));
        assertThat(jedis.xgroupDestroy("s", "g")).isEqualTo(1);
    }

    @Test
    void xgroupCreateNeedsTheKeyUnlessMkstream() {
        assertError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use "
                + "the MKSTREAM option to create an empty stream automatically.",
                () -> jedis.xgroupCreate("s", "g", StreamEntryID.XGROUP_LAST_ENTRY, false));
        assertThat(jedis.xgroupCreate("s", "g", StreamEntryID.XGROUP_LAST_ENTRY, true)).isEqualTo("OK");
        assertThat(jedis.xlen("s")).isZero();
    }

    @Test
    void xreadgroupBlockIsWokenByXadd() throws Exception {
        jedis.xgroupCreate("s", "g", StreamEntryID.XGROUP_LAST_ENTRY, true);
        Jedis blocked = connect();
        var r = CompletableFuture.supplyAsync(() -> blocked.xreadGroup("g", "c",
                XReadGroupParams.xReadGroupParams().block(10_000),
                Map.of("s", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)));
        waitUntil("client is blocked", () -> jedis.info("clients").contains("blocked_clients:1"));
        raw(jedis, "XADD", "s", "1-0", "f", "v");
        assertThat(ids(r.get(5, TimeUnit.SECONDS).get(0).getValue())).containsExactly("1-0");
        assertThat(jedis.xpending("s", "g").getTotal()).isEqualTo(1);
    }

    @Test
    void xinfoDescribesStreamGroupsAndConsumers() {
        raw(jedis, "XADD", "s", "1-0", "f", "v");
        jedis.xgroupCreate("s", "g", new StreamEntryID(0, 0), false);
        jedis.xreadGroup("g", "c", XReadGroupParams.xReadGroupParams(),
                Map.of("s", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        var info = jedis.xinfoStream("s");
        assertThat(info.getLength()).isEqualTo(1);
        assertThat(info.getGroups()).isEqualTo(1);
        assertThat(info.getLastGeneratedId().toString()).isEqualTo("1-0");
        var groups = jedis.xinfoGroups("s");
        assertThat(groups.get(0).getName()).isEqualTo("g");
        assertThat(groups.get(0).getPending()).isEqualTo(1);
        assertThat(jedis.xinfoConsumers2("s", "g").get(0).getName()).isEqualTo("c");
        assertError("ERR no such key", () -> jedis.xinfoStream("missing"));
    }

    @Test
    void approximateTrimmingHonoursLimit() {
        for (int i = 1; i <= 10; i++) {
            raw(jedis, "XADD", "s", i + "-0", "f", "v");
        }
        assertThat(raw(jedis, "XTRIM", "s", "MAXLEN", "~", "2", "LIMIT", "3")).isEqualTo(3L);
        assertThat(jedis.xlen("s")).isEqualTo(7);
        raw(jedis, "XADD", "s", "MINID", "~", "9", "LIMIT", "1", "11-0", "f", "v");
        assertThat(ids(jedis.xrange("s", "-", "+"))).startsWith("5-0").hasSize(7);
        // LIMIT 0 means no limit
        assertThat(raw(jedis, "XTRIM", "s", "MAXLEN", "~", "2", "LIMIT", "0")).isEqualTo(5L);
        assertThat(raw(jedis, "XTRIM", "s", "MAXLEN", "=", "1")).isEqualTo(1L);
        assertThat(ids(jedis.xrange("s", "-", "+"))).containsExactly("11-0");
    }

    @Test
    void trimmingOptionErrorsMatchRedis() {
        raw(jedis, "XADD", "s", "1-0", "f", "v");
        assertError("ERR syntax error, LIMIT cannot be used without the special ~ option",
                () -> raw(jedis, "XADD", "s", "MAXLEN", "2", "LIMIT", "5", "*", "f", "v"));
        assertError("ERR syntax error, LIMIT cannot be used without the special ~ option",
                () -> raw(jedis, "XTRIM", "s", "MAXLEN", "=", "2", "LIMIT", "5"));
        assertError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy",
                () -> raw(jedis, "XADD", "s", "LIMIT", "5", "*", "f", "v"));
        assertError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy",
                () -> raw(jedis, "XTRIM", "s", "LIMIT", "4"));
        assertError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible",
                () -> raw(jedis, "XADD", "s", "MINID", "0", "MAXLEN", "3", "*", "f", "v"));
        assertError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible",
                () -> raw(jedis, "XTRIM", "s", "MAXLEN", "1", "MAXLEN", "2"));
        assertError("ERR The LIMIT argument must be >= 0.",
                () -> raw(jedis, "XTRIM", "s", "MAXLEN", "~", "1", "LIMIT", "-1"));
        assertError("ERR The MAXLEN argument must be >= 0.", () -> raw(jedis, "XTRIM", "s", "MAXLEN", "-1"));
        assertError("ERR syntax error", () -> raw(jedis, "XTRIM", "s", "MAXLEN", "1", "foo"));
        assertError("ERR value is not an integer or out of range", () -> raw(jedis, "XTRIM", "s", "MAXLEN", "~"));
        assertError("ERR Invalid stream ID specified as stream command argument",
                () -> raw(jedis, "XTRIM", "s", "MINID", "0-0-0"));
        assertError("ERR wrong number of arguments for 'xtrim' command", () -> raw(jedis, "XTRIM", "s", "MAXLEN"));
        assertThat(jedis.xlen("s")).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void xinfoStreamFullListsEntriesGroupsAndPendingEntries() {
        for (int i = 1; i <= 12; i++) {
            raw(jedis, "XADD", "s", i + "-1", "f", String.valueOf(i));
        }
        jedis.xgroupCreate("s", "g", new StreamEntryID(0, 0), false);
        jedis.xreadGroup("g", "c1", XReadGroupParams.xReadGroupParams().count(2),
                Map.of("s", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        jedis.xreadGroup("g", "c2", XReadGroupParams.xReadGroupParams().count(1),
                Map.of("s", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        var full = jedis.xinfoStreamFull("s");
        assertThat(full.getLength()).isEqualTo(12);
        assertThat(full.getEntries()).hasSize(10);
        assertThat(full.getEntries().get(0).getID().toString()).isEqualTo("1-1");
        assertThat(full.getEntries().get(0).getFields()).containsEntry("f", "1");
        assertThat(full.getGroups()).hasSize(1);
        var group = full.getGroups().get(0);
        assertThat(group.getName()).isEqualTo("g");
        assertThat(group.getPelCount()).isEqualTo(3);
        assertThat(group.getLastDeliveredId().toString()).isEqualTo("3-1");
        assertThat(group.getPending()).hasSize(3);
        assertThat(group.getConsumers()).hasSize(2);
        assertThat(group.getConsumers().get(0).getName()).isEqualTo("c1");
        assertThat(group.getConsumers().get(0).getPelCount()).isEqualTo(2);
        assertThat(jedis.xinfoStreamFull("s", 0).getEntries()).hasSize(12);

        List<Object> reply = (List<Object>) raw(jedis, "XINFO", "STREAM", "s", "FULL", "COUNT", "1");
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < reply.size(); i += 2) {
            keys.add(str(reply.get(i)));
        }
        assertThat(keys).containsExactly("length", "radix-tree-keys", "radix-tree-nodes", "last-generated-id",
                "max-deleted-entry-id", "entries-added", "recorded-first-entry-id", "entries", "groups");
        assertThat((List<Object>) reply.get(15)).hasSize(1);
        List<Object> g = (List<Object>) ((List<Object>) reply.get(17)).get(0);
        assertThat(str(g.get(0))).isEqualTo("name");
        assertThat(str(g.get(8))).isEqualTo("pel-count");
        assertThat(g.get(9)).isEqualTo(3L);
        assertThat((List<Object>) g.get(11)).hasSize(1);
        List<Object> pel = (List<Object>) ((List<Object>) g.get(11)).get(0);
        assertThat(str(pel.get(0))).isEqualTo("1-1");
        assertThat(str(pel.get(1))).isEqualTo("c1");
        assertThat(pel.get(3)).isEqualTo(1L);
        List<Object> consumer = (List<Object>) ((List<Object>) g.get(13)).get(0);
        assertThat(consumer).hasSize(10);
        assertThat(str(consumer.get(4))).isEqualTo("active-time");
        assertThat((List<Object>) consumer.get(9)).hasSize(1);

        assertError("ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP.",
                () -> raw(jedis, "XINFO", "STREAM", "s", "FULL", "COUNT"));
        assertError("ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP.",
                () -> raw(jedis, "XINFO", "STREAM", "s", "COUNT", "1"));
        assertError("ERR value is not an integer or out of range",
                () -> raw(jedis, "XINFO", "STREAM", "s", "FULL", "COUNT", "abc"));
    }
}
