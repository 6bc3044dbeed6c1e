package dev.warren.cli;

import dev.warren.WarrenConfig;
import picocli.CommandLine;

/** Reads a port option: a number from 0 to 65535, or {@code off} for no listener. */
final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        if (value.equalsIgnoreCase("off")) {
            return WarrenConfig.OFF;
        }
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port number or 'off'");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.TypeConversionException("port " + port + " is out of range 0-65535");
        }
        return port;
    }
}
