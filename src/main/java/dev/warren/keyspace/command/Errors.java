package dev.warren.keyspace.command;

/** Redis 7's error texts for the common cases. */
public final class Errors {
    private Errors() {
    }

    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NAN_OR_INF = "ERR increment would produce NaN or Infinity";
    public static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    public static final String MUST_BE_POSITIVE = "ERR value is out of range, must be positive";
    public static final String MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
    public static final String MIN_MAX_NOT_LEX = "ERR min or max not valid string range item";
    public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
    public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
    public static final String NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0";
    public static final String SAME_OBJECT = "ERR source and destination objects are the same";
    public static final String MAX_BULK = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    public static RespError wrongType() {
        return new RespError(WRONGTYPE);
    }

    public static RespError syntax() {
        return new RespError(SYNTAX);
    }

    public static RespError wrongArgs(String command) {
        return new RespError("ERR wrong number of arguments for '" + command + "' command");
    }

    public static RespError invalidExpire(String command) {
        return new RespError("ERR invalid expire time in '" + command + "' command");
    }

    public static RespError unknownSubcommand(String sub, String command) {
        return new RespError("ERR unknown subcommand '" + sub + "'. Try " + command.toUpperCase() + " HELP.");
    }
}
