package dev.warren.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts an in-process Warren for a JUnit 5 test class, on free loopback ports, and stops it after
 * the class. Test methods, constructors and lifecycle methods may take a {@link WarrenEndpoints}
 * (ports and URIs) or the {@link dev.warren.Warren} itself as parameters.
 *
 * <pre>{@code
 * @WarrenTest
 * class OrderServiceTest {
 *     @Test
 *     void publishesAnOrder(WarrenEndpoints warren) throws Exception {
 *         ConnectionFactory factory = new ConnectionFactory();
 *         factory.setUri(warren.amqpUri());
 *         ...
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(WarrenExtension.class)
public @interface WarrenTest {
    /** Start the AMQP listener. */
    boolean amqp() default true;

    /** Start the RESP (Redis) listener. */
    boolean resp() default true;

    /** Start the management HTTP API (and its metrics endpoint). */
    boolean http() default false;

    /** Keep definitions and persistent messages in a temporary data directory instead of memory only. */
    boolean persistent() default false;
}
