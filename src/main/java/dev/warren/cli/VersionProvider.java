package dev.warren.cli;

import picocli.CommandLine;

/** Prints Warren's version from the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"warren " + (v == null ? "development build" : v)};
    }
}
