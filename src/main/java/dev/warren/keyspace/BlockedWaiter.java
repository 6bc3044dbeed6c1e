package dev.warren.keyspace;

/**
 * A client blocked on keys (BLPOP, BLMOVE, BZPOPMIN, ...). When one of its keys may have become ready,
 * the keyspace calls {@link #tryServe()} under the keyspace lock, in FIFO order among waiters on that
 * key; the waiter runs its command again and returns true when it was served (it then stops waiting).
 */
public interface BlockedWaiter {
    boolean tryServe();
}
