package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** ACL users: SETUSER rules, AUTH as a user, NOPERM for commands, keys and channels, the default user. */
class RespAclTest extends RespTestBase {
    private static final String PW1_HASH = "c592df4a86933b92addc9842402ddf198c638ea9be58916ee6e3734e1e3152f8";

    private Object acl(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "ACL";
        System.arraycopy(args, 0, all, 1, args.length);
        return raw(jedis, all);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object reply) {
        return ((List<Object>) reply).stream().map(RespTestBase::str).toList();
    }

    @Test
    void usersAuthenticateAndAreLimitedToTheirCommandsAndKeys() {
        assertThat(str(acl("SETUSER", "alice", "on", ">pw1", "~app:*", "+get", "+set", "+acl", "+@transaction"))).isEqualTo("OK");
        Jedis alice = connect();
        assertError("WRONGPASS invalid username-password pair or user is disabled.", () -> alice.auth("alice", "x"));
        assertError("WRONGPASS invalid username-password pair or user is disabled.", () -> alice.auth("bob", "pw1"));
        assertThat(alice.auth("alice", "pw1")).isEqualTo("OK");
        assertThat(alice.aclWhoAmI()).isEqualTo("alice");
        assertThat(alice.set("app:1", "v")).isEqualTo("OK");
        assertThat(alice.get("app:1")).isEqualTo("v");
        assertError("NOPERM No permissions to access a key", () -> alice.get("other"));
        assertError("NOPERM User alice has no permissions to run the 'del' command", () -> alice.del("app:1"));
        assertError("NOPERM User alice has no permissions to run the 'client|list' command", alice::clientList);
        assertThat(jedis.clientList()).contains(" user=alice ");

        // a transaction with a forbidden command is aborted
        Transaction t = alice.multi();
        t.set("app:2", "x");
        t.del("app:1");
        assertThatExec(t);
        assertThat(jedis.exists("app:2")).isFalse();

        // rule changes apply to connected clients at once
        acl("SETUSER", "alice", "-get");
        assertError("NOPERM User alice has no permissions to run the 'get' command", () -> alice.get("app:1"));
        acl("SETUSER", "alice", "off");
        assertError("WRONGPASS invalid username-password pair or user is disabled.",
                () -> connect().auth("alice", "pw1"));
    }

    private static void assertThatExec(Transaction t) {
        try {
            t.exec();
            throw new AssertionError("EXEC should have failed");
        } catch (JedisDataException e) {
            assertThat(e.getMessage()).isEqualTo("EXECABORT Transaction discarded because of previous errors.");
        }
    }

    @Test
    void readAndWriteKeyPatterns() {
        acl("SETUSER", "ro", "on", "nopass", "%R~cache:*", "%W~out:*", "+@all");
        Jedis ro = connect();
        ro.auth("ro", "anything");
        jedis.set("cache:a", "1");
        assertThat(ro.get("cache:a")).isEqualTo("1");
        assertError("NOPERM No permissions to access a key", () -> ro.set("cache:a", "2"));
        assertThat(ro.set("out:a", "2")).isEqualTo("OK");
        assertError("NOPERM No permissions to access a key", () -> ro.get("out:a"));
        assertError("NOPERM No permissions to access a key", () -> raw(ro, "LMPOP", "2", "out:l", "x", "LEFT"));
    }

    @Test
    void getuserAndListDescribeTheRules() {
        acl("SETUSER", "alice", "on", ">pw1", "+get", "+set", "-get", "~app:*", "&news", "+@hash", "-hget");
        assertThat(strings(acl("LIST"))).containsExactly(
                "user alice on #" + PW1_HASH + " ~app:* resetchannels &news -@all +set -get +@hash -hget",
                "user default on nopass ~* &* +@all");
        List<Object> user = (List<Object>) acl("GETUSER", "alice");
        assertThat(str(user.get(0))).isEqualTo("flags");
        assertThat(strings(user.get(1))).containsExactly("on");
        assertThat(strings(user.get(3))).containsExactly(PW1_HASH);
        assertThat(str(user.get(5))).isEqualTo("-@all +set -get +@hash -hget");
        assertThat(str(user.get(7))).isEqualTo("~app:*");
        assertThat(str(user.get(9))).isEqualTo("&news");
        assertThat(str(user.get(10))).isEqualTo("selectors");
        assertThat(acl("GETUSER", "nobody")).isNull();
        assertThat(strings(acl("USERS"))).containsExactly("alice", "default");
        assertThat(str(acl("WHOAMI"))).isEqualTo("default");

        acl("SETUSER", "bob", "reset");
        assertThat(strings(acl("LIST"))).contains("user bob off sanitize-payload resetchannels -@all");
        assertThat(str(acl("DRYRUN", "alice", "set", "app:1", "v"))).isEqualTo("OK");
        assertThat(str(acl("DRYRUN", "alice", "get", "app:1")))
                .isEqualTo("User alice has no permissions to run the 'get' command");
    }

    @Test
    void setuserErrorsMatchRedisAndChangeNothing() {
        assertError("ERR Error in ACL SETUSER modifier '+foo': Unknown command or category name in ACL",
                () -> acl("SETUSER", "bob", "on", "+foo"));
        assertThat(acl("GETUSER", "bob")).isNull();
        assertError("ERR Error in ACL SETUSER modifier '+@foo': Unknown command or category name in ACL",
                () -> acl("SETUSER", "bob", "+@foo"));
        assertError("ERR Error in ACL SETUSER modifier 'xyz': Syntax error", () -> acl("SETUSER", "bob", "xyz"));
        assertError("ERR Error in ACL SETUSER modifier '<nope': The password you are trying to remove from the user "
                + "does not exist", () -> acl("SETUSER", "bob", "<nope"));
        assertError("ERR Error in ACL SETUSER modifier '#abc': The password hash must be exactly 64 characters and "
                + "contain only lowercase hexadecimal characters", () -> acl("SETUSER", "bob", "#abc"));
        assertError("ERR Error in ACL SETUSER modifier '~a': Adding a pattern after the * pattern (or the 'allkeys' "
                + "flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of "
                + "patterns", () -> acl("SETUSER", "bob", "~*", "~a"));
        assertError("ERR Error in ACL SETUSER modifier '&a': Adding a pattern after the * pattern (or the "
                + "'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with "
                + "an empty list of channels", () -> acl("SETUSER", "bob", "&*", "&a"));
        assertThat(acl("GETUSER", "bob")).isNull();
        assertError("ERR The 'default' user cannot be removed", () -> acl("DELUSER", "default"));
        assertError("ERR Unknown category 'nosuch'", () -> acl("CAT", "nosuch"));
        assertError("ERR wrong number of arguments for 'acl|setuser' command", () -> acl("SETUSER"));
    }

    @Test
    void deletingAUserDisconnectsItsClients() {
        acl("SETUSER", "temp", "on", ">p", "+@all", "~*");
        Jedis temp = connect();
        temp.auth("temp", "p");
        temp.clientSetname("temp-conn");
        assertThat(acl("DELUSER", "temp", "nobody")).isEqualTo(1L);
        waitUntil("the connection is closed", () -> !jedis.clientList().contains("name=temp-conn"));
        assertError("WRONGPASS invalid username-password pair or user is disabled.", () -> connect().auth("temp", "p"));
    }

    @Test
    void channelPermissions() throws Exception {
        acl("SETUSER", "sub", "on", ">p", "+@all", "allkeys", "&news.*");
        Jedis sub = connect();
        sub.auth("sub", "p");
        assertError("NOPERM No permissions to access a channel", () -> sub.publish("other", "x"));
        assertThat(sub.publish("news.today", "x")).isZero();
        assertError("NOPERM No permissions to access a channel", () -> raw(sub, "SUBSCRIBE", "other"));
        // a pattern subscription must name an allowed pattern literally
        assertError("NOPERM No permissions to access a channel", () -> raw(sub, "PSUBSCRIBE", "news.t*"));
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onPSubscribe(String pattern, int count) {
                punsubscribe();
            }
        };
        sub.psubscribe(listener, "news.*");
        assertThat(listener.isSubscribed()).isFalse();
    }

    @Test
    void categoriesAndSubcommands() {
        assertThat(strings(acl("CAT"))).startsWith("keyspace", "read", "write").contains("dangerous", "hash");
        assertThat(strings(acl("CAT", "hash"))).contains("hget", "hset").doesNotContain("get");
        assertThat(strings(acl("CAT", "dangerous"))).contains("flushall", "keys", "config");
        acl("SETUSER", "op", "on", ">p", "allkeys", "+@all", "-@dangerous", "+config|get");
        Jedis op = connect();
        op.auth("op", "p");
        assertError("NOPERM User op has no permissions to run the 'flushall' command", op::flushAll);
        assertThat(op.configGet("maxmemory")).containsKey("maxmemory");
        assertError("NOPERM User op has no permissions to run the 'config|set' command",
                () -> op.configSet("maxmemory", "0"));
        assertThat(op.hset("h", "f", "v")).isEqualTo(1);
    }

    @Test
    void requirepassIsTheDefaultUsersPassword() {
        acl("SETUSER", "app", "on", ">apppw", "+@all", "~*");
        jedis.configSet("requirepass", "s3cret");
        assertThat(strings(acl("LIST"))).anyMatch(l -> l.startsWith("user default on #") && l.endsWith(" ~* &* +@all"));
        Jedis fresh = connect();
        assertError("NOAUTH Authentication required.", () -> fresh.get("k"));
        raw(fresh, "HELLO", "3", "AUTH", "app", "apppw");
        assertThat(fresh.aclWhoAmI()).isEqualTo("app");
        assertThat(fresh.clientInfo()).contains(" user=app ");
        raw(fresh, "RESET");
        assertError("NOAUTH Authentication required.", () -> fresh.get("k"));
        assertThat(fresh.auth("s3cret")).isEqualTo("OK");
        assertThat(fresh.aclWhoAmI()).isEqualTo("default");
        jedis.configSet("requirepass", "");
        assertThat(strings(acl("LIST"))).contains("user default on nopass ~* &* +@all");
        assertError("ERR AUTH <password> called without any password configured for the default user. Are you sure "
                + "your configuration is correct?", () -> connect().auth("x"));
    }
}
