package dev.warren.junit;

import dev.warren.Warren;
import dev.warren.WarrenConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link WarrenTest}: one Warren per test class, started before the
 * first test and closed (its temporary data directory deleted) when the class is done.
 */
public final class WarrenExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WarrenExtension.class);
    private static final String HOST = "127.0.0.1";

    /** Closes Warren and removes its data directory when JUnit closes the class's store. */
    private record Running(Warren warren, Path dataDir) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            warren.close();
            if (dataDir != null) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary directory; the system cleans it eventually
                }
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    private Running running(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        // keyed by the class: stores are inherited, and a @Nested @WarrenTest class gets its own Warren
        Class<?> owner = owningClass(classContext.getRequiredTestClass());
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(owner, k -> start(owner), Running.class);
    }

    /** The innermost class (itself or an enclosing one) annotated with @WarrenTest. */
    private static Class<?> owningClass(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(WarrenTest.class)) {
                return c;
            }
        }
        return testClass;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static Running start(Class<?> owner) {
        WarrenTest settings = owner.getAnnotation(WarrenTest.class);
        boolean amqp = settings == null || settings.amqp();
        boolean resp = settings == null || settings.resp();
        boolean http = settings != null && settings.http();
        Path dataDir = null;
        if (settings != null && settings.persistent()) {
            try {
                dataDir = Files.createTempDirectory("warren-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        WarrenConfig config = Warren.builder()
                .bindAddress(HOST)
                .amqpPort(amqp ? 0 : WarrenConfig.OFF)
                .respPort(resp ? 0 : WarrenConfig.OFF)
                .httpPort(http ? 0 : WarrenConfig.OFF)
                .prometheusPort(http ? 0 : WarrenConfig.OFF)
                .nativeTransport(false)
                .dataDir(dataDir);
        return new Running(config.start(), dataDir);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Warren.class || type == WarrenEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Warren warren = running(context).warren();
        Class<?> type = parameter.getParameter().getType();
        if (type == Warren.class) {
            return warren;
        }
        if (type == WarrenEndpoints.class) {
            return new WarrenEndpoints(HOST, warren.amqpPort(), warren.respPort(), warren.httpPort());
        }
        throw new ParameterResolutionException("cannot resolve " + type);
    }
}
