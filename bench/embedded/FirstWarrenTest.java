import dev.warren.junit.WarrenEndpoints;
import dev.warren.junit.WarrenTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test class bench/embedded-startup.sh runs in a fresh JVM: the first @WarrenTest of the JVM.
 * Clock's beforeAll runs just before WarrenExtension's (it is registered first), so the time until
 * the test method starts is the extension's start-up; the test then completes one AMQP protocol
 * header exchange and one RESP PING over fresh sockets. jvm_ms: from the JVM's launch to the end of
 * the test (JUnit's own start-up and discovery included).
 */
@ExtendWith(FirstWarrenTest.Clock.class)
@WarrenTest
class FirstWarrenTest {
    static long beforeWarren;

    static final class Clock implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            beforeWarren = System.nanoTime();
        }
    }

    @Test
    void firstConnections(WarrenEndpoints warren) throws Exception {
        long ready = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", warren.amqpPort())) {
            s.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            if (s.getInputStream().read() != 1) { // a method frame: connection.start
                throw new AssertionError("no connection.start from Warren");
            }
        }
        long amqp = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", warren.respPort())) {
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(7);
            if (!new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                throw new AssertionError("no PONG from Warren");
            }
        }
        long resp = System.nanoTime();
        long jvmMillis = System.currentTimeMillis()
                - ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        System.out.printf("start_ms=%.1f amqp_first_reply_ms=%.1f resp_first_reply_ms=%.1f jvm_ms=%d%n",
                (ready - beforeWarren) / 1e6, (amqp - ready) / 1e6, (resp - amqp) / 1e6, jvmMillis);
    }
}
