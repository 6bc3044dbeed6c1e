package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Command.ADMIN;
import static dev.warren.keyspace.command.Command.BLOCKING;
import static dev.warren.keyspace.command.Command.CONNECTION;
import static dev.warren.keyspace.command.Command.FAST;
import static dev.warren.keyspace.command.Command.NOT_QUEUED;
import static dev.warren.keyspace.command.Command.NO_AUTH;
import static dev.warren.keyspace.command.Command.PUBSUB;
import static dev.warren.keyspace.command.Command.PUBSUB_OK;
import static dev.warren.keyspace.command.Command.READONLY;
import static dev.warren.keyspace.command.Command.WRITE;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command table: every command's name, arity, flags, key positions and handler, as in Redis's
 * commands table. Arity counts the command name; negative means "at least". Keys: first, last (-1 =
 * last argument, -2 = the one before), step.
 */
public final class CommandTable {
    private final Map<String, Command> byName = new HashMap<>();
    private final Map<String, Command> ordered = new LinkedHashMap<>();
    private final Map<String, String> families = new HashMap<>();
    /** The family (Redis's data type ACL category, or "server"/"connection"...) of the commands being added. */
    private String family;

    public CommandTable() {
        // connection
        family = "connection";
        add("ping", -1, FAST | PUBSUB_OK | CONNECTION, 0, 0, 0, ConnectionCommands::ping);
        add("echo", 2, FAST | CONNECTION, 0, 0, 0, ConnectionCommands::echo);
        add("select", 2, FAST | CONNECTION, 0, 0, 0, ConnectionCommands::select);
        add("auth", -2, FAST | NO_AUTH | CONNECTION, 0, 0, 0, ConnectionCommands::auth);
        add("hello", -1, FAST | NO_AUTH | CONNECTION, 0, 0, 0, ConnectionCommands::hello);
        add("client", -2, CONNECTION, 0, 0, 0, ConnectionCommands::client);
        add("quit", -1, NO_AUTH | PUBSUB_OK | NOT_QUEUED | CONNECTION, 0, 0, 0, ConnectionCommands::quit);
        add("reset", 1, NO_AUTH | PUBSUB_OK | NOT_QUEUED | CONNECTION, 0, 0, 0, ConnectionCommands::reset);

        // server
        family = "server";
        add("dbsize", 1, READONLY | FAST, 0, 0, 0, ServerCommands::dbsize);
        add("flushdb", -1, WRITE, 0, 0, 0, ServerCommands::flushdb);
        add("flushall", -1, WRITE, 0, 0, 0, ServerCommands::flushall);
        add("swapdb", 3, WRITE | FAST, 0, 0, 0, ServerCommands::swapdb);
        add("time", 1, FAST, 0, 0, 0, ServerCommands::time);
        add("lastsave", 1, FAST, 0, 0, 0, ServerCommands::lastsave);
        add("save", 1, ADMIN, 0, 0, 0, ServerCommands::save);
        add("wait", 3, 0, 0, 0, 0, ServerCommands::waitReplicas);
        add("role", 1, FAST, 0, 0, 0, ServerCommands::role);
        add("memory", -2, READONLY, 0, 0, 0, ServerCommands::memory);
        add("slowlog", -2, ADMIN, 0, 0, 0, ServerCommands::slowlog);
        add("bgsave", -1, ADMIN, 0, 0, 0, ServerCommands::bgsave);
        add("bgrewriteaof", 1, ADMIN, 0, 0, 0, ServerCommands::bgrewriteaof);
        add("info", -1, 0, 0, 0, 0, ServerCommands::info);
        add("config", -2, ADMIN, 0, 0, 0, ServerCommands::config);
        add("command", -1, CONNECTION, 0, 0, 0, ServerCommands::command);
        add("acl", -2, ADMIN, 0, 0, 0, AclCommands::acl);

        // keys
        family = "keyspace";
        add("del", -2, WRITE, 1, -1, 1, KeyCommands::del);
        add("unlink", -2, WRITE | FAST, 1, -1, 1, KeyCommands::del);
        add("exists", -2, READONLY | FAST, 1, -1, 1, KeyCommands::exists);
        add("touch", -2, READONLY | FAST, 1, -1, 1, KeyCommands::touch);
        add("expire", -3, WRITE | FAST, 1, 1, 1, KeyCommands::expire);
        add("pexpire", -3, WRITE | FAST, 1, 1, 1, KeyCommands::pexpire);
        add("expireat", -3, WRITE | FAST, 1, 1, 1, KeyCommands::expireat);
        add("pexpireat", -3, WRITE | FAST, 1, 1, 1, KeyCommands::pexpireat);
        add("ttl", 2, READONLY | FAST, 1, 1, 1, KeyCommands::ttl);
        add("pttl", 2, READONLY | FAST, 1, 1, 1, KeyCommands::pttl);
        add("expiretime", 2, READONLY | FAST, 1, 1, 1, KeyCommands::expiretime);
        add("pexpiretime", 2, READONLY | FAST, 1, 1, 1, KeyCommands::pexpiretime);
        add("persist", 2, WRITE | FAST, 1, 1, 1, KeyCommands::persist);
        add("type", 2, READONLY | FAST, 1, 1, 1, KeyCommands::type);
        add("keys", 2, READONLY, 0, 0, 0, KeyCommands::keys);
        add("scan", -2, READONLY, 0, 0, 0, KeyCommands::scan);
        add("rename", 3, WRITE, 1, 2, 1, KeyCommands::rename);
        add("renamenx", 3, WRITE | FAST, 1, 2, 1, KeyCommands::renamenx);
        add("randomkey", 1, READONLY, 0, 0, 0, KeyCommands::randomkey);
        add("move", 3, WRITE | FAST, 1, 1, 1, KeyCommands::move);
        add("copy", -3, WRITE, 1, 2, 1, KeyCommands::copy);
        add("object", -2, READONLY, 2, 2, 1, KeyCommands::object);

        // strings
        family = "string";
        add("get", 2, READONLY | FAST, 1, 1, 1, StringCommands::get);
        add("set", -3, WRITE, 1, 1, 1, StringCommands::set);
        add("setnx", 3, WRITE | FAST, 1, 1, 1, StringCommands::setnx);
        add("setex", 4, WRITE, 1, 1, 1, StringCommands::setex);
        add("psetex", 4, WRITE, 1, 1, 1, StringCommands::psetex);
        add("getex", -2, WRITE | FAST, 1, 1, 1, StringCommands::getex);
        add("getdel", 2, WRITE | FAST, 1, 1, 1, StringCommands::getdel);
        add("getset", 3, WRITE | FAST, 1, 1, 1, StringCommands::getset);
        add("mget", -2, READONLY | FAST, 1, -1, 1, StringCommands::mget);
        add("mset", -3, WRITE, 1, -1, 2, StringCommands::mset);
        add("msetnx", -3, WRITE, 1, -1, 2, StringCommands::msetnx);
        add("append", 3, WRITE | FAST, 1, 1, 1, StringCommands::append);
        add("strlen", 2, READONLY | FAST, 1, 1, 1, StringCommands::strlen);
        add("setrange", 4, WRITE, 1, 1, 1, StringCommands::setrange);
        add("getrange", 4, READONLY, 1, 1, 1, StringCommands::getrange);
        add("substr", 4, READONLY, 1, 1, 1, StringCommands::getrange);
        add("incr", 2, WRITE | FAST, 1, 1, 1, StringCommands::incr);
        add("decr", 2, WRITE | FAST, 1, 1, 1, StringCommands::decr);
        add("incrby", 3, WRITE | FAST, 1, 1, 1, StringCommands::incrby);
        add("decrby", 3, WRITE | FAST, 1, 1, 1, StringCommands::decrby);
        add("incrbyfloat", 3, WRITE | FAST, 1, 1, 1, StringCommands::incrbyfloat);
        add("setbit", 4, WRITE, 1, 1, 1, StringCommands::setbit);
        add("getbit", 3, READONLY | FAST, 1, 1, 1, StringCommands::getbit);
        add("bitcount", -2, READONLY, 1, 1, 1, StringCommands::bitcount);
        add("bitpos", -3, READONLY, 1, 1, 1, StringCommands::bitpos);
        add("bitop", -4, WRITE, 2, -1, 1, StringCommands::bitop);

        // transactions
        family = "transaction";
        add("multi", 1, FAST | NOT_QUEUED, 0, 0, 0, TransactionCommands::multi);
        add("exec", 1, NOT_QUEUED, 0, 0, 0, TransactionCommands::exec);
        add("discard", 1, FAST | NOT_QUEUED, 0, 0, 0, TransactionCommands::discard);
        add("watch", -2, FAST | NOT_QUEUED, 1, -1, 1, TransactionCommands::watch);
        add("unwatch", 1, FAST, 0, 0, 0, TransactionCommands::unwatch);

        // pub/sub
        family = "pubsub";
        add("subscribe", -2, PUBSUB | PUBSUB_OK, 0, 0, 0, PubSubCommands::subscribe);
        add("unsubscribe", -1, PUBSUB | PUBSUB_OK, 0, 0, 0, PubSubCommands::unsubscribe);
        add("psubscribe", -2, PUBSUB | PUBSUB_OK, 0, 0, 0, PubSubCommands::psubscribe);
        add("punsubscribe", -1, PUBSUB | PUBSUB_OK, 0, 0, 0, PubSubCommands::punsubscribe);
        add("publish", 3, PUBSUB | FAST, 0, 0, 0, PubSubCommands::publish);
        add("pubsub", -2, PUBSUB, 0, 0, 0, PubSubCommands::pubsub);

        registerCollections();
        buildTable();
    }

    private void registerCollections() {
        // hashes
        family = "hash";
        add("hset", -4, WRITE | FAST, 1, 1, 1, HashCommands::hset);
        add("hmset", -4, WRITE | FAST, 1, 1, 1, HashCommands::hset);
        add("hsetnx", 4, WRITE | FAST, 1, 1, 1, HashCommands::hsetnx);
        add("hget", 3, READONLY | FAST, 1, 1, 1, HashCommands::hget);
        add("hmget", -3, READONLY | FAST, 1, 1, 1, HashCommands::hmget);
        add("hgetall", 2, READONLY, 1, 1, 1, HashCommands::hgetall);
        add("hdel", -3, WRITE | FAST, 1, 1, 1, HashCommands::hdel);
        add("hexists", 3, READONLY | FAST, 1, 1, 1, HashCommands::hexists);
        add("hlen", 2, READONLY | FAST, 1, 1, 1, HashCommands::hlen);
        add("hstrlen", 3, READONLY | FAST, 1, 1, 1, HashCommands::hstrlen);
        add("hkeys", 2, READONLY, 1, 1, 1, HashCommands::hkeys);
        add("hvals", 2, READONLY, 1, 1, 1, HashCommands::hvals);
        add("hincrby", 4, WRITE | FAST, 1, 1, 1, HashCommands::hincrby);
        add("hincrbyfloat", 4, WRITE | FAST, 1, 1, 1, HashCommands::hincrbyfloat);
        add("hrandfield", -2, READONLY, 1, 1, 1, HashCommands::hrandfield);
        add("hscan", -3, READONLY, 1, 1, 1, HashCommands::hscan);

        // lists
        family = "list";
        add("lpush", -3, WRITE | FAST, 1, 1, 1, ListCommands::lpush);
        add("rpush", -3, WRITE | FAST, 1, 1, 1, ListCommands::rpush);
        add("lpushx", -3, WRITE | FAST, 1, 1, 1, ListCommands::lpushx);
        add("rpushx", -3, WRITE | FAST, 1, 1, 1, ListCommands::rpushx);
        add("lpop", -2, WRITE | FAST, 1, 1, 1, ListCommands::lpop);
        add("rpop", -2, WRITE | FAST, 1, 1, 1, ListCommands::rpop);
        add("llen", 2, READONLY | FAST, 1, 1, 1, ListCommands::llen);
        add("lrange", 4, READONLY, 1, 1, 1, ListCommands::lrange);
        add("lindex", 3, READONLY, 1, 1, 1, ListCommands::lindex);
        add("lset", 4, WRITE, 1, 1, 1, ListCommands::lset);
        add("linsert", 5, WRITE, 1, 1, 1, ListCommands::linsert);
        add("lrem", 4, WRITE, 1, 1, 1, ListCommands::lrem);
        add("ltrim", 4, WRITE, 1, 1, 1, ListCommands::ltrim);
        add("lpos", -3, READONLY, 1, 1, 1, ListCommands::lpos);
        add("rpoplpush", 3, WRITE, 1, 2, 1, ListCommands::rpoplpush);
        add("lmove", 5, WRITE, 1, 2, 1, ListCommands::lmove);
        add("lmpop", -4, WRITE, 0, 0, 0, ListCommands::lmpop);
        add("blpop", -3, WRITE | BLOCKING, 1, -2, 1, ListCommands::blpop);
        add("brpop", -3, WRITE | BLOCKING, 1, -2, 1, ListCommands::brpop);
        add("brpoplpush", 4, WRITE | BLOCKING, 1, 2, 1, ListCommands::brpoplpush);
        add("blmove", 6, WRITE | BLOCKING, 1, 2, 1, ListCommands::blmove);
        add("blmpop", -5, WRITE | BLOCKING, 0, 0, 0, ListCommands::blmpop);

        // sets
        family = "set";
        add("sadd", -3, WRITE | FAST, 1, 1, 1, SetCommands::sadd);
        add("srem", -3, WRITE | FAST, 1, 1, 1, SetCommands::srem);
        add("smembers", 2, READONLY, 1, 1, 1, SetCommands::smembers);
        add("sismember", 3, READONLY | FAST, 1, 1, 1, SetCommands::sismember);
        add("smismember", -3, READONLY | FAST, 1, 1, 1, SetCommands::smismember);
        add("scard", 2, READONLY | FAST, 1, 1, 1, SetCommands::scard);
        add("spop", -2, WRITE | FAST, 1, 1, 1, SetCommands::spop);
        add("srandmember", -2, READONLY, 1, 1, 1, SetCommands::srandmember);
        add("smove", 4, WRITE | FAST, 1, 2, 1, SetCommands::smove);
        add("sinter", -2, READONLY, 1, -1, 1, SetCommands::sinter);
        add("sunion", -2, READONLY, 1, -1, 1, SetCommands::sunion);
        add("sdiff", -2, READONLY, 1, -1, 1, SetCommands::sdiff);
        add("sinterstore", -3, WRITE, 1, 1, 1, SetCommands::sinterstore);
        add("sunionstore", -3, WRITE, 1, 1, 1, SetCommands::sunionstore);
        add("sdiffstore", -3, WRITE, 1, 1, 1, SetCommands::sdiffstore);
        add("sintercard", -3, READONLY, 0, 0, 0, SetCommands::sintercard);
        add("sscan", -3, READONLY, 1, 1, 1, SetCommands::sscan);

        // sorted sets
        family = "sortedset";
        add("zadd", -4, WRITE | FAST, 1, 1, 1, SortedSetCommands::zadd);
        add("zincrby", 4, WRITE | FAST, 1, 1, 1, SortedSetCommands::zincrby);
        add("zscore", 3, READONLY | FAST, 1, 1, 1, SortedSetCommands::zscore);
        add("zmscore", -3, READONLY | FAST, 1, 1, 1, SortedSetCommands::zmscore);
        add("zcard", 2, READONLY | FAST, 1, 1, 1, SortedSetCommands::zcard);
        add("zcount", 4, READONLY | FAST, 1, 1, 1, SortedSetCommands::zcount);
        add("zlexcount", 4, READONLY | FAST, 1, 1, 1, SortedSetCommands::zlexcount);
        add("zrange", -4, READONLY, 1, 1, 1, SortedSetCommands::zrange);
        add("zrangestore", -5, WRITE, 1, 2, 1, SortedSetCommands::zrangestore);
        add("zrevrange", -4, READONLY, 1, 1, 1, SortedSetCommands::zrevrange);
        add("zrangebyscore", -4, READONLY, 1, 1, 1, SortedSetCommands::zrangebyscore);
        add("zrevrangebyscore", -4, READONLY, 1, 1, 1, SortedSetCommands::zrevrangebyscore);
        add("zrangebylex", -4, READONLY, 1, 1, 1, SortedSetCommands::zrangebylex);
        add("zrevrangebylex", -4, READONLY, 1, 1, 1, SortedSetCommands::zrevrangebylex);
        add("zrank", -3, READONLY | FAST, 1, 1, 1, SortedSetCommands::zrank);
        add("zrevrank", -3, READONLY | FAST, 1, 1, 1, SortedSetCommands::zrevrank);
        add("zrem", -3, WRITE | FAST, 1, 1, 1, SortedSetCommands::zrem);
        add("zremrangebyscore", 4, WRITE, 1, 1, 1, SortedSetCommands::zremrangebyscore);
        add("zremrangebyrank", 4, WRITE, 1, 1, 1, SortedSetCommands::zremrangebyrank);
        add("zremrangebylex", 4, WRITE, 1, 1, 1, SortedSetCommands::zremrangebylex);
        add("zpopmin", -2, WRITE | FAST, 1, 1, 1, SortedSetCommands::zpopmin);
        add("zpopmax", -2, WRITE | FAST, 1, 1, 1, SortedSetCommands::zpopmax);
        add("bzpopmin", -3, WRITE | BLOCKING, 1, -2, 1, SortedSetCommands::bzpopmin);
        add("bzpopmax", -3, WRITE | BLOCKING, 1, -2, 1, SortedSetCommands::bzpopmax);
        add("zmpop", -4, WRITE, 0, 0, 0, SortedSetCommands::zmpop);
        add("bzmpop", -5, WRITE | BLOCKING, 0, 0, 0, SortedSetCommands::bzmpop);
        add("zunionstore", -4, WRITE, 1, 1, 1, SortedSetCommands::zunionstore);
        add("zinterstore", -4, WRITE, 1, 1, 1, SortedSetCommands::zinterstore);
        add("zdiffstore", -4, WRITE, 1, 1, 1, SortedSetCommands::zdiffstore);
        add("zunion", -3, READONLY, 0, 0, 0, SortedSetCommands::zunion);
        add("zinter", -3, READONLY, 0, 0, 0, SortedSetCommands::zinter);
        add("zdiff", -3, READONLY, 0, 0, 0, SortedSetCommands::zdiff);
        add("zintercard", -3, READONLY, 0, 0, 0, SortedSetCommands::zintercard);
        add("zrandmember", -2, READONLY, 1, 1, 1, SortedSetCommands::zrandmember);
        add("zscan", -3, READONLY, 1, 1, 1, SortedSetCommands::zscan);

        // streams
        family = "stream";
        add("xadd", -5, WRITE, 1, 1, 1, StreamCommands::xadd);
        add("xlen", 2, READONLY | FAST, 1, 1, 1, StreamCommands::xlen);
        add("xrange", -4, READONLY, 1, 1, 1, StreamCommands::xrange);
        add("xrevrange", -4, READONLY, 1, 1, 1, StreamCommands::xrevrange);
        add("xdel", -3, WRITE | FAST, 1, 1, 1, StreamCommands::xdel);
        add("xtrim", -4, WRITE, 1, 1, 1, StreamCommands::xtrim);
        add("xsetid", -3, WRITE, 1, 1, 1, StreamCommands::xsetid);
        add("xread", -4, READONLY | BLOCKING, 0, 0, 0, StreamCommands::xread);
        add("xreadgroup", -7, WRITE | BLOCKING, 0, 0, 0, StreamCommands::xreadgroup);
        add("xgroup", -2, WRITE, 2, 2, 1, StreamCommands::xgroup);
        add("xack", -4, WRITE | FAST, 1, 1, 1, StreamCommands::xack);
        add("xpending", -3, READONLY, 1, 1, 1, StreamCommands::xpending);
        add("xclaim", -6, WRITE, 1, 1, 1, StreamCommands::xclaim);
        add("xautoclaim", -6, WRITE, 1, 1, 1, StreamCommands::xautoclaim);
        add("xinfo", -2, READONLY, 2, 2, 1, StreamCommands::xinfo);
    }

    /** Write commands that never grow memory (allowed above maxmemory, as in Redis). */
    private static final java.util.Set<String> SHRINKING = java.util.Set.of("del", "unlink", "flushdb", "flushall",
            "expire", "pexpire", "expireat", "pexpireat", "persist", "getdel", "lpop", "rpop", "blpop", "brpop",
            "lmpop", "blmpop", "lrem", "ltrim", "srem", "spop", "hdel", "zrem", "zpopmin", "zpopmax", "bzpopmin",
            "bzpopmax", "zmpop", "bzmpop", "zremrangebyscore", "zremrangebyrank", "zremrangebylex", "swapdb", "move",
            "rename", "renamenx", "getex", "xdel", "xtrim", "xack");

    private void add(String name, int arity, int flags, int first, int last, int step, CommandHandler h) {
        if ((flags & Command.WRITE) != 0 && !SHRINKING.contains(name)) {
            flags |= Command.DENYOOM;
        }
        Command c = new Command(name, arity, flags, first, last, step, h);
        byName.put(name, c);
        ordered.put(name, c);
        families.put(name, family);
    }

    /** The command named by the (case-insensitive) bytes, or null. Allocation-free. */
    public Command lookup(byte[] name) {
        if (name.length > 32) {
            return null;
        }
        Command[] t = table;
        int mask = t.length - 1;
        for (int i = hash(name) & mask; ; i = (i + 1) & mask) {
            Command c = t[i];
            if (c == null) {
                return null;
            }
            if (matches(c.name(), name)) {
                return c;
            }
        }
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            int ch = b & 0xff;
            h = 31 * h + (ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
        return h ^ (h >>> 16);
    }

    private static boolean matches(String lower, byte[] name) {
        if (lower.length() != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            int ch = name[i] & 0xff;
            if ((ch >= 'A' && ch <= 'Z' ? ch + 32 : ch) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** An open-addressing table over the lower-case names, built once. */
    private Command[] table;

    private void buildTable() {
        int size = Integer.highestOneBit(byName.size() * 4);
        Command[] t = new Command[size];
        for (Command c : byName.values()) {
            int i = hash(c.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII)) & (size - 1);
            while (t[i] != null) {
                i = (i + 1) & (size - 1);
            }
            t[i] = c;
        }
        table = t;
    }

    /** The command's family: keyspace, string, hash, list, set, sortedset, stream, pubsub, transaction... */
    public String family(String name) {
        return families.get(name);
    }

    public Collection<Command> all() {
        return Collections.unmodifiableCollection(ordered.values());
    }
}
