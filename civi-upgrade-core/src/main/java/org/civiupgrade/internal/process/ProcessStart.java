package org.civiupgrade.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a process started, as text that tells a process apart from a later one given the same
 * pid: on Linux {@code ticks:<n>}, field 22 ({@code starttime}, clock ticks after boot) of
 * {@code /proc/<pid>/stat}; elsewhere {@code instant:<ISO-8601>} from
 * {@link ProcessHandle.Info#startInstant()}. Also reads the process group (field 5) on Linux.
 */
public final class ProcessStart {
    /** Recorded when the process had already ended when its start was read. */
    public static final String EXITED = "exited";
    /** Recorded when this platform tells no start time. */
    public static final String UNKNOWN = "unknown";

    private ProcessStart() {
    }

    /** The start of a live process, {@link #EXITED} when there is none, {@link #UNKNOWN} when the platform cannot tell. */
    public static String of(long pid) {
        Optional<String[]> stat = stat(pid);
        if (stat.isPresent() && stat.get().length > 19) {
            return "ticks:" + stat.get()[19];
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return EXITED;
        }
        return h.get().info().startInstant().map(i -> "instant:" + i).orElse(UNKNOWN);
    }

    /** The process group of a live process (Linux only). */
    public static OptionalLong group(long pid) {
        Optional<String[]> stat = stat(pid);
        if (stat.isPresent() && stat.get().length > 2) {
            try {
                return OptionalLong.of(Long.parseLong(stat.get()[2]));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** Whether {@code /proc/<pid>/stat} files can be read here (Linux). */
    public static boolean procAvailable() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /**
     * The fields of {@code /proc/<pid>/stat} after the command name (which may hold spaces and
     * parentheses, so the text after its last {@code ')'} is split): index 0 is field 3 (state).
     */
    static Optional<String[]> stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int close = s.lastIndexOf(')');
            if (close < 0) {
                return Optional.empty();
            }
            String[] fields = s.substring(close + 1).trim().split("\\s+");
            if (fields.length > 0 && fields[0].equals("Z")) {
                return Optional.empty(); // a zombie has ended; only its parent's wait is missing
            }
            return Optional.of(fields);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
