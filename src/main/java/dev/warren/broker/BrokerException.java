package dev.warren.broker;

/**
 * A refusal by the broker, carrying the AMQP reply code and text RabbitMQ uses for the same case.
 * Codes of the spec's hard-error class close the connection; the others close only the channel.
 */
public final class BrokerException extends Exception {
    public static final int CONTENT_TOO_LARGE = 311;
    public static final int NO_ROUTE = 312;
    public static final int CONNECTION_FORCED = 320;
    public static final int ACCESS_REFUSED = 403;
    public static final int NOT_FOUND = 404;
    public static final int RESOURCE_LOCKED = 405;
    public static final int PRECONDITION_FAILED = 406;
    public static final int FRAME_ERROR = 501;
    public static final int SYNTAX_ERROR = 502;
    public static final int COMMAND_INVALID = 503;
    public static final int CHANNEL_ERROR = 504;
    public static final int UNEXPECTED_FRAME = 505;
    public static final int RESOURCE_ERROR = 506;
    public static final int NOT_ALLOWED = 530;
    public static final int NOT_IMPLEMENTED = 540;
    public static final int INTERNAL_ERROR = 541;

    private final int replyCode;

    public BrokerException(int replyCode, String text) {
        super(text, null, false, false);
        this.replyCode = replyCode;
    }

    public int replyCode() {
        return replyCode;
    }

    /** The reply text as sent on the wire, e.g. {@code NOT_FOUND - no queue 'q' in vhost '/'}. */
    public String replyText() {
        return codeName(replyCode) + " - " + getMessage();
    }

    public boolean closesConnection() {
        return isHardError(replyCode);
    }

    public static boolean isHardError(int code) {
        return code == CONNECTION_FORCED || code == 402 || (code >= 500 && code < 600);
    }

    public static String codeName(int code) {
        switch (code) {
            case CONTENT_TOO_LARGE: return "CONTENT_TOO_LARGE";
            case NO_ROUTE: return "NO_ROUTE";
            case CONNECTION_FORCED: return "CONNECTION_FORCED";
            case 402: return "INVALID_PATH";
            case ACCESS_REFUSED: return "ACCESS_REFUSED";
            case NOT_FOUND: return "NOT_FOUND";
            case RESOURCE_LOCKED: return "RESOURCE_LOCKED";
            case PRECONDITION_FAILED: return "PRECONDITION_FAILED";
            case FRAME_ERROR: return "FRAME_ERROR";
            case SYNTAX_ERROR: return "SYNTAX_ERROR";
            case COMMAND_INVALID: return "COMMAND_INVALID";
            case CHANNEL_ERROR: return "CHANNEL_ERROR";
            case UNEXPECTED_FRAME: return "UNEXPECTED_FRAME";
            case RESOURCE_ERROR: return "RESOURCE_ERROR";
            case NOT_ALLOWED: return "NOT_ALLOWED";
            case NOT_IMPLEMENTED: return "NOT_IMPLEMENTED";
            case INTERNAL_ERROR: return "INTERNAL_ERROR";
            default: return "ERROR";
        }
    }

    public static BrokerException notFound(String text) {
        return new BrokerException(NOT_FOUND, text);
    }

    public static BrokerException accessRefused(String text) {
        return new BrokerException(ACCESS_REFUSED, text);
    }

    public static BrokerException preconditionFailed(String text) {
        return new BrokerException(PRECONDITION_FAILED, text);
    }

    public static BrokerException resourceLocked(String text) {
        return new BrokerException(RESOURCE_LOCKED, text);
    }

    public static BrokerException commandInvalid(String text) {
        return new BrokerException(COMMAND_INVALID, text);
    }

    public static BrokerException notImplemented(String text) {
        return new BrokerException(NOT_IMPLEMENTED, text);
    }

    public static BrokerException notAllowed(String text) {
        return new BrokerException(NOT_ALLOWED, text);
    }
}
