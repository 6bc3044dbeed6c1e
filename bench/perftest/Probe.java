import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Small AMQP helper for bench/run.sh (the load itself always comes from PerfTest).
 *
 * <pre>
 * Probe startup PORT TIMEOUT_S LOGFILE -- COMMAND...   launch COMMAND (left running), wait for the
 *                                                       first completed AMQP handshake; prints
 *                                                       "startup_ms=N pid=P"
 * Probe handshake PORT TIMEOUT_S                       wait until a handshake succeeds; prints ms
 * Probe depth PORT QUEUE TARGET TIMEOUT_S              wait until QUEUE (declared or not yet) holds
 *                                                       >= TARGET messages, polling every 20 ms;
 *                                                       prints "connected", then
 *                                                       "reached_epoch_ms=N depth=D"
 * Probe delete PORT QUEUE...                           delete queues if they exist
 * </pre>
 */
public final class Probe {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "startup" -> startup(args);
      case "handshake" -> {
        long t0 = System.nanoTime();
        waitHandshake(Integer.parseInt(args[1]), Integer.parseInt(args[2]), null);
        System.out.println((System.nanoTime() - t0) / 1_000_000);
      }
      case "depth" -> depth(Integer.parseInt(args[1]), args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]));
      case "delete" -> delete(Integer.parseInt(args[1]), Arrays.asList(args).subList(2, args.length));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  private static ConnectionFactory factory(int port) {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(port);
    f.setConnectionTimeout(1000);
    f.setHandshakeTimeout(2000);
    f.setAutomaticRecoveryEnabled(false);
    return f;
  }

  private static void startup(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    int timeout = Integer.parseInt(args[2]);
    File log = new File(args[3]);
    List<String> cmd = Arrays.asList(args).subList(5, args.length); // args[4] is "--"
    ConnectionFactory f = factory(port);
    // The first connection of a fresh JVM costs the client about 100 ms of its own (class loading,
    // its threads): pay it against a stub before the clock starts, so the figure is the server's.
    warmUpClient();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      waitHandshake(port, timeout, p);
    } catch (Exception e) {
      p.descendants().forEach(ProcessHandle::destroy); // do not leave a half-started server behind
      p.destroy();
      throw e;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("startup_ms=" + ms + " pid=" + p.pid());
  }

  /**
   * One whole handshake (and close) of this JVM's amqp-client against a minimal in-process stub that
   * answers connection.start/tune/open-ok/close-ok. Best effort: a failure only leaves it cold.
   */
  private static void warmUpClient() {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread stub = new Thread(() -> {
        try (Socket s = server.accept()) {
          s.setSoTimeout(5000);
          DataInputStream in = new DataInputStream(s.getInputStream());
          OutputStream out = s.getOutputStream();
          in.readFully(new byte[8]); // protocol header
          out.write(method(10, 10, a -> { // connection.start: 0-9, no properties, PLAIN, en_US
            a.writeByte(0);
            a.writeByte(9);
            a.writeInt(0);
            longString(a, "PLAIN");
            longString(a, "en_US");
          }));
          skipFrame(in); // start-ok
          out.write(method(10, 30, a -> { // connection.tune: 2047 channels, 128 KB frames, no heartbeat
            a.writeShort(2047);
            a.writeInt(131072);
            a.writeShort(0);
          }));
          skipFrame(in); // tune-ok
          skipFrame(in); // open
          out.write(method(10, 41, a -> a.writeByte(0))); // open-ok
          skipFrame(in); // close
          out.write(method(10, 51, a -> { })); // close-ok
          out.flush();
        } catch (IOException e) {
          // the client side reports it
        }
      }, "probe-warm-up-stub");
      stub.setDaemon(true);
      stub.start();
      try (Connection c = factory(server.getLocalPort()).newConnection()) {
        // nothing: the handshake and the close are the warm-up
      }
      stub.join(5000);
    } catch (Exception e) {
      // the measured connection is simply slower
    }
  }

  private interface Args {
    void write(DataOutputStream a) throws IOException;
  }

  private static byte[] method(int classId, int methodId, Args args) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    DataOutputStream a = new DataOutputStream(payload);
    a.writeShort(classId);
    a.writeShort(methodId);
    args.write(a);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    DataOutputStream f = new DataOutputStream(frame);
    f.writeByte(1); // method frame
    f.writeShort(0); // channel 0
    f.writeInt(payload.size());
    payload.writeTo(f);
    f.writeByte(0xCE);
    return frame.toByteArray();
  }

  private static void longString(DataOutputStream a, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    a.writeInt(b.length);
    a.write(b);
  }

  private static void skipFrame(DataInputStream in) throws IOException {
    in.readUnsignedByte();
    in.readUnsignedShort();
    in.skipNBytes(in.readInt() + 1L);
  }

  private static void waitHandshake(int port, int timeoutS, Process p) throws Exception {
    long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
    ConnectionFactory f = factory(port);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (p != null && !p.isAlive()) {
        throw new IllegalStateException("server exited with " + p.exitValue() + " before the handshake");
      }
      try (Connection c = f.newConnection()) {
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(5);
      }
    }
    throw new IllegalStateException("no AMQP handshake on port " + port + " within " + timeoutS + " s", last);
  }

  private static void depth(int port, String queue, long target, int timeoutS) throws Exception {
    long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
    try (Connection c = factory(port).newConnection()) {
      Channel ch = c.createChannel();
      System.out.println("connected");
      System.out.flush();
      long n = 0;
      while (System.nanoTime() < deadline) {
        try {
          n = ch.queueDeclarePassive(queue).getMessageCount();
        } catch (java.io.IOException notYetDeclared) {
          ch = c.createChannel(); // a 404 closed the channel: the producer has not declared the queue yet
        }
        if (n >= target) {
          System.out.println("reached_epoch_ms=" + System.currentTimeMillis() + " depth=" + n);
          return;
        }
        Thread.sleep(20);
      }
      System.out.println("reached_epoch_ms=-1 depth=" + n);
      System.exit(2);
    }
  }

  private static void delete(int port, List<String> queues) throws Exception {
    try (Connection c = factory(port).newConnection()) {
      for (String q : queues) {
        Channel ch = c.createChannel();
        try {
          ch.queueDelete(q);
        } catch (Exception ignored) {
          // channel closed by a 404: nothing to delete
        }
      }
    }
  }
}
