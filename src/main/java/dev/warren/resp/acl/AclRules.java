package dev.warren.resp.acl;

import dev.warren.keyspace.Glob;
import dev.warren.keyspace.command.Command;
import dev.warren.keyspace.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one ACL user may do: enabled or not, passwords (SHA-256), commands, key patterns and channel
 * patterns, built by applying ACL SETUSER rules in order as Redis does. A published instance is never
 * changed: ACL SETUSER applies its rules to a {@link #copy()} and replaces the user's rules at once, so a
 * command checks against one consistent snapshot without locking.
 */
public final class AclRules {
    /** A key pattern and whether it grants reading and/or writing (~ grants both, %R~ / %W~ one). */
    record KeyPattern(String pattern, boolean read, boolean write) {
        String describe() {
            return (read && write ? "~" : read ? "%R~" : "%W~") + pattern;
        }
    }

    boolean enabled;
    boolean nopass;
    /** 0: neither flag, 1: sanitize-payload, 2: skip-sanitize-payload. */
    int sanitize;
    final LinkedHashSet<String> passwords = new LinkedHashSet<>();
    /** True when the rules start from +@all (future commands allowed), false for -@all. */
    boolean allCommandsBase;
    /** The command rules applied after the base, as ACL LIST shows them. */
    final List<String> commandRules = new ArrayList<>();
    final Set<String> allowed = new HashSet<>();
    /** Per command, subcommands (or first arguments) allowed or denied regardless of the command itself. */
    final Map<String, Map<String, Boolean>> subRules = new HashMap<>();
    boolean allKeys;
    final List<KeyPattern> keys = new ArrayList<>();
    boolean allChannels;
    final List<String> channels = new ArrayList<>();

    /** A new user's rules: off, no password, no commands, keys or channels. */
    static AclRules newUser() {
        return new AclRules();
    }

    /** The default user without requirepass: on, nopass, everything allowed. */
    static AclRules superuser(CommandTable table) {
        AclRules r = new AclRules();
        r.enabled = true;
        r.nopass = true;
        r.allKeys = true;
        r.allChannels = true;
        r.allCommands(table, true);
        return r;
    }

    AclRules copy() {
        AclRules c = new AclRules();
        c.enabled = enabled;
        c.nopass = nopass;
        c.sanitize = sanitize;
        c.passwords.addAll(passwords);
        c.allCommandsBase = allCommandsBase;
        c.commandRules.addAll(commandRules);
        c.allowed.addAll(allowed);
        subRules.forEach((k, v) -> c.subRules.put(k, new HashMap<>(v)));
        c.allKeys = allKeys;
        c.keys.addAll(keys);
        c.allChannels = allChannels;
        c.channels.addAll(channels);
        return c;
    }

    /** Everything is allowed: the permission check can be skipped. */
    boolean unrestricted(int commandCount) {
        return allKeys && allChannels && subRules.isEmpty() && allowed.size() == commandCount;
    }

    // ---- applying rules ----

    void apply(String rule, CommandTable table) throws AclRuleException {
        String lower = rule.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "on" -> enabled = true;
            case "off" -> enabled = false;
            case "nopass" -> {
                nopass = true;
                passwords.clear();
            }
            case "resetpass" -> {
                nopass = false;
                passwords.clear();
            }
            case "allkeys" -> {
                allKeys = true;
                keys.clear();
            }
            case "resetkeys" -> {
                allKeys = false;
                keys.clear();
            }
            case "allchannels" -> {
                allChannels = true;
                channels.clear();
            }
            case "resetchannels" -> {
                allChannels = false;
                channels.clear();
            }
            case "allcommands", "+@all" -> allCommands(table, true);
            case "nocommands", "-@all" -> allCommands(table, false);
            case "sanitize-payload" -> sanitize = 1;
            case "skip-sanitize-payload" -> sanitize = 2;
            case "clearselectors" -> {
                // Warren has no selectors
            }
            case "reset" -> {
                nopass = false;
                passwords.clear();
                allKeys = false;
                keys.clear();
                allChannels = false;
                channels.clear();
                enabled = false;
                sanitize = 1;
                allCommands(table, false);
            }
            default -> applyPrefixed(rule, lower, table);
        }
    }

    private void applyPrefixed(String rule, String lower, CommandTable table) throws AclRuleException {
        char first = rule.isEmpty() ? 0 : rule.charAt(0);
        switch (first) {
            case '>' -> {
                passwords.add(sha256(rule.substring(1)));
                nopass = false;
            }
            case '<' -> {
                if (!passwords.remove(sha256(rule.substring(1)))) {
                    throw new AclRuleException("The password you are trying to remove from the user does not exist");
                }
                nopass = false;
            }
            case '#', '!' -> {
                String hash = rule.substring(1);
                if (!hash.matches("[0-9a-f]{64}")) {
                    throw new AclRuleException("The password hash must be exactly 64 characters and contain only "
                            + "lowercase hexadecimal characters");
                }
                if (first == '#') {
                    passwords.add(hash);
                } else if (!passwords.remove(hash)) {
                    throw new AclRuleException("The password you are trying to remove from the user does not exist");
                }
                nopass = false;
            }
            case '~' -> addKeyPattern(rule.substring(1), true, true);
            case '%' -> {
                int tilde = rule.indexOf('~');
                if (tilde < 2) {
                    throw syntax();
                }
                boolean read = false;
                boolean write = false;
                for (char ch : lower.substring(1, tilde).toCharArray()) {
                    if (ch == 'r') {
                        read = true;
                    } else if (ch == 'w') {
                        write = true;
                    } else {
                        throw syntax();
                    }
                }
                addKeyPattern(rule.substring(tilde + 1), read, write);
            }
            case '&' -> {
                if (allChannels) {
                    throw new AclRuleException("Adding a pattern after the * pattern (or the 'allchannels' flag) is "
                            + "not valid and does not have any effect. Try 'resetchannels' to start with an empty "
                            + "list of channels");
                }
                String pattern = rule.substring(1);
                if (pattern.equals("*")) {
                    allChannels = true;
                    channels.clear();
                } else if (!channels.contains(pattern)) {
                    channels.add(pattern);
                }
            }
            case '+', '-' -> commandRule(lower.substring(1), first == '+', table);
            default -> throw syntax();
        }
    }

    private void addKeyPattern(String pattern, boolean read, boolean write) throws AclRuleException {
        if (allKeys) {
            throw new AclRuleException("Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid "
                    + "and does not have any effect. Try 'resetkeys' to start with an empty list of patterns");
        }
        if (pattern.equals("*") && read && write) {
            allKeys = true;
            keys.clear();
            return;
        }
        KeyPattern p = new KeyPattern(pattern, read, write);
        if (!keys.contains(p)) {
            keys.add(p);
        }
    }

    private void allCommands(CommandTable table, boolean allow) {
        allCommandsBase = allow;
        commandRules.clear();
        subRules.clear();
        allowed.clear();
        if (allow) {
            for (Command c : table.all()) {
                allowed.add(c.name());
            }
        }
    }

    private void commandRule(String target, boolean allow, CommandTable table) throws AclRuleException {
        if (target.startsWith("@")) {
            List<String> members = AclCategories.commands(target.substring(1), table);
            if (members == null) {
                throw unknown();
            }
            for (String name : members) {
                setCommand(name, allow);
            }
        } else {
            int bar = target.indexOf('|');
            String name = bar < 0 ? target : target.substring(0, bar);
            if (table.lookup(name.getBytes(StandardCharsets.UTF_8)) == null) {
                throw unknown();
            }
            if (bar < 0) {
                setCommand(name, allow);
            } else {
                String sub = target.substring(bar + 1);
                if (sub.isEmpty() || sub.indexOf('|') >= 0) {
                    throw syntax();
                }
                subRules.computeIfAbsent(name, k -> new HashMap<>()).put(sub, allow);
            }
        }
        // as Redis 7.2: a rule replaces an earlier rule for the same command or category
        commandRules.removeIf(r -> r.substring(1).equals(target));
        commandRules.add((allow ? "+" : "-") + target);
    }

    private void setCommand(String name, boolean allow) {
        subRules.remove(name);
        if (allow) {
            allowed.add(name);
        } else {
            allowed.remove(name);
        }
    }

    private static AclRuleException syntax() {
        return new AclRuleException("Syntax error");
    }

    private static AclRuleException unknown() {
        return new AclRuleException("Unknown command or category name in ACL");
    }

    static String sha256(String password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(64);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- checks ----

    boolean canRun(Command cmd, byte[][] argv) {
        if (argv.length > 1 && !subRules.isEmpty()) {
            Map<String, Boolean> subs = subRules.get(cmd.name());
            if (subs != null) {
                Boolean v = subs.get(new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
                if (v != null) {
                    return v;
                }
            }
        }
        return allowed.contains(cmd.name());
    }

    boolean keyAllowed(byte[] key, boolean write) {
        if (allKeys) {
            return true;
        }
        for (KeyPattern p : keys) {
            if ((write ? p.write() : p.read()) && Glob.matches(p.pattern().getBytes(StandardCharsets.UTF_8), key)) {
                return true;
            }
        }
        return false;
    }

    /** A channel (glob-matched) or, for PSUBSCRIBE, a pattern (which must equal an allowed pattern). */
    boolean channelAllowed(byte[] channel, boolean isPattern) {
        if (allChannels) {
            return true;
        }
        String s = new String(channel, StandardCharsets.UTF_8);
        for (String p : channels) {
            if (isPattern ? p.equals(s) : Glob.matches(p.getBytes(StandardCharsets.UTF_8), channel)) {
                return true;
            }
        }
        return false;
    }

    // ---- descriptions ----

    List<String> flags() {
        List<String> f = new ArrayList<>();
        f.add(enabled ? "on" : "off");
        if (nopass) {
            f.add("nopass");
        }
        if (sanitize == 1) {
            f.add("sanitize-payload");
        } else if (sanitize == 2) {
            f.add("skip-sanitize-payload");
        }
        return f;
    }

    String commandsDescription() {
        StringBuilder sb = new StringBuilder(allCommandsBase ? "+@all" : "-@all");
        for (String r : commandRules) {
            sb.append(' ').append(r);
        }
        return sb.toString();
    }

    String keysDescription() {
        if (allKeys) {
            return "~*";
        }
        List<String> parts = new ArrayList<>();
        for (KeyPattern p : keys) {
            parts.add(p.describe());
        }
        return String.join(" ", parts);
    }

    String channelsDescription() {
        if (allChannels) {
            return "&*";
        }
        List<String> parts = new ArrayList<>();
        for (String p : channels) {
            parts.add("&" + p);
        }
        return String.join(" ", parts);
    }

    /** The rules as one ACL LIST line (after "user name "). */
    String describe() {
        StringBuilder sb = new StringBuilder(String.join(" ", flags()));
        for (String p : passwords) {
            sb.append(" #").append(p);
        }
        String k = keysDescription();
        if (!k.isEmpty()) {
            sb.append(' ').append(k);
        }
        if (!allChannels) {
            sb.append(" resetchannels");
        }
        String ch = channelsDescription();
        if (!ch.isEmpty()) {
            sb.append(' ').append(ch);
        }
        sb.append(' ').append(commandsDescription());
        return sb.toString();
    }
}
