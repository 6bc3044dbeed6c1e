import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.File;
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
    ConnectionFactory f = factory(port); // warm up the client classes before the clock starts
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
