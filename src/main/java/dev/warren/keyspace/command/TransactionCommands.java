package dev.warren.keyspace.command;

import dev.warren.keyspace.Bytes;
import dev.warren.resp.session.RespClient;

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH (queueing itself happens in {@link RespClient}). */
public final class TransactionCommands {
    private TransactionCommands() {
    }

    public static void multi(RespClient c, byte[][] argv) {
        if (c.inMulti()) {
            throw new RespError("ERR MULTI calls can not be nested");
        }
        c.multi();
        c.reply().ok();
    }

    public static void exec(RespClient c, byte[][] argv) {
        if (!c.inMulti()) {
            throw new RespError("ERR EXEC without MULTI");
        }
        c.exec();
    }

    public static void discard(RespClient c, byte[][] argv) {
        if (!c.inMulti()) {
            throw new RespError("ERR DISCARD without MULTI");
        }
        c.discard();
        c.reply().ok();
    }

    public static void watch(RespClient c, byte[][] argv) {
        if (c.inMulti()) {
            throw new RespError("ERR WATCH inside MULTI is not allowed");
        }
        for (int i = 1; i < argv.length; i++) {
            c.watch(new Bytes(argv[i]));
        }
        c.reply().ok();
    }

    public static void unwatch(RespClient c, byte[][] argv) {
        c.unwatchAll();
        c.reply().ok();
    }
}
