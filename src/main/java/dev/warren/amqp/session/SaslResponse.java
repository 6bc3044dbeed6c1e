package dev.warren.amqp.session;

import dev.warren.amqp.codec.FieldTables;
import dev.warren.amqp.codec.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Username and password from a connection.start-ok response, for the PLAIN and AMQPLAIN mechanisms. */
record SaslResponse(String username, String password) {

    /** Returns null when the mechanism is unknown or the response malformed. */
    static SaslResponse parse(String mechanism, byte[] response) {
        try {
            if ("PLAIN".equals(mechanism)) {
                // authzid NUL authcid NUL password
                String s = new String(response, StandardCharsets.UTF_8);
                int first = s.indexOf('\0');
                int second = first < 0 ? -1 : s.indexOf('\0', first + 1);
                if (second < 0) {
                    return null;
                }
                return new SaslResponse(s.substring(first + 1, second), s.substring(second + 1));
            }
            if ("AMQPLAIN".equals(mechanism)) {
                // a field table without its length prefix: LOGIN and PASSWORD
                ByteBuf in = Unpooled.wrappedBuffer(response);
                String login = null;
                String password = null;
                while (in.isReadable()) {
                    String key = Wire.readShortString(in);
                    Object value = FieldTables.readValue(in);
                    String text = value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
                    if (key.equals("LOGIN")) {
                        login = text;
                    } else if (key.equals("PASSWORD")) {
                        password = text;
                    }
                }
                return login == null || password == null ? null : new SaslResponse(login, password);
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }
}
