package dev.warren.keyspace;

/** Told when a watched key is modified (WATCH) — implemented by client sessions. */
public interface KeyListener {
    void keyModified();
}
