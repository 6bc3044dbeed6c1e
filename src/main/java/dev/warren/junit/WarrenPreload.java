package dev.warren.junit;

import dev.warren.Warren;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Begins {@link Warren#preload()} as soon as a JUnit Platform session opens, so that Warren's classes
 * load while JUnit discovers the tests and the first {@link WarrenTest} starts in milliseconds. The
 * platform finds it through {@code META-INF/services}; {@code -Dwarren.junit.preload=false} turns it off.
 */
public final class WarrenPreload implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!"false".equalsIgnoreCase(System.getProperty("warren.junit.preload"))) {
            Warren.preload();
        }
    }
}
