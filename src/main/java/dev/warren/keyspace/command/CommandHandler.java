package dev.warren.keyspace.command;

import dev.warren.resp.session.RespClient;

/** Runs one command for a client, under the keyspace lock, writing the reply with {@code c.reply()}. */
@FunctionalInterface
public interface CommandHandler {
    void execute(RespClient c, byte[][] argv);
}
