package org.civiupgrade.spi.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.process.ChildWatch;
import org.civiupgrade.internal.process.ProcessGroups;
import org.slf4j.Logger;

/**
 * Runs an external program (cv, drush, php) the safe way: an argument array (no shell), a
 * working folder, extra environment, standard input closed, a timeout after which the
 * program and its children are killed, and its output (standard output and error merged)
 * handed over line by line as it comes, with every given secret masked, also in the log.
 *
 * <p>The program dies with the run: on Linux (where the {@code setsid} program and {@code /proc}
 * exist) it is started as {@code setsid -w /bin/sh -c <gate> <command>}, in a process group of
 * its own, where a small shell gate waits until the pid is journaled and then replaces itself
 * (same pid) with the program, so no upgrader ever runs unrecorded; a
 * timeout, an interrupt or the JVM's shutdown (normal exit, Ctrl-C, SIGTERM) kills that whole
 * group, including the php processes it started. Elsewhere it stays in the JVM's group and only it
 * and its live descendants are killed. When a run engine runs the step, the program's pid and
 * start time are written to the run's journal before it is waited on, so that after a SIGKILL of
 * the JVM (when no shutdown hook runs) {@code status} and {@code recover} find it if it still runs
 * and refuse to recover until it is gone ({@link ErrorCode#UPGRADER_STILL_RUNNING}).
 *
 * <pre>{@code
 * ProcessRunner.Result r = ProcessRunner.command(List.of("cv", "upgrade:db", "-v"))
 *     .directory(site.root()).timeout(Duration.ofHours(2)).onLine(events::add).run();
 * }</pre>
 */
public final class ProcessRunner {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(ProcessRunner.class);
    private static final String MASK = "******";
    /** Lines kept for the result (the last ones), so memory stays bounded whatever the output. */
    public static final int KEPT_LINES = 2000;

    private final List<String> command;
    private Path directory;
    private Duration timeout = Duration.ofHours(1);
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    private Consumer<String> onLine = line -> { };

    private ProcessRunner(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.command = List.copyOf(command);
    }

    /** A runner for the program and its arguments, one element each. */
    public static ProcessRunner command(List<String> command) {
        return new ProcessRunner(Objects.requireNonNull(command, "command"));
    }

    /** Working folder (default: the current one). */
    public ProcessRunner directory(Path dir) {
        this.directory = dir;
        return this;
    }

    /** Longest run time before the program is killed (default one hour). */
    public ProcessRunner timeout(Duration t) {
        this.timeout = Objects.requireNonNull(t);
        return this;
    }

    /** Adds an environment variable for the program. */
    public ProcessRunner environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** A value to mask wherever it appears in output, log and messages (ignored when shorter than 3 characters). */
    public ProcessRunner secret(String value) {
        if (value != null && value.length() >= 3) {
            secrets.add(value);
        }
        return this;
    }

    /** Receives each output line (masked) as it comes; must not block for long. */
    public ProcessRunner onLine(Consumer<String> consumer) {
        this.onLine = Objects.requireNonNull(consumer);
        return this;
    }

    /**
     * How the program ended.
     *
     * @param exitCode  its exit status
     * @param lastLines the last {@link #KEPT_LINES} lines of output, masked
     * @param duration  how long it ran
     */
    public record Result(int exitCode, List<String> lastLines, Duration duration) {
        public Result {
            lastLines = List.copyOf(lastLines);
        }

        /** The kept output as one text. */
        public String output() {
            return String.join("\n", lastLines);
        }
    }

    /** The command line for messages, masked. */
    public String commandLine() {
        List<String> parts = new ArrayList<>();
        for (String a : command) {
            String m = mask(a);
            parts.add(m.isEmpty() || m.matches(".*[\\s'\"$].*") ? "'" + m.replace("'", "'\\''") + "'" : m);
        }
        return String.join(" ", parts);
    }

    /** The text with every secret masked. */
    public String mask(String text) {
        String out = text;
        for (String s : secrets.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /**
     * Runs the program to its end.
     *
     * @throws UpgradeException {@link ErrorCode#PROCESS_FAILED} when it cannot start or exceeds the timeout
     * @throws InterruptedException when the calling thread is interrupted (the program is killed)
     */
    public Result run() throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().putAll(environment);
        String shown = commandLine();
        LOG.info("Running {}{}", shown, directory == null ? "" : " in " + directory);
        long start = System.nanoTime();
        Process p;
        ProcessGroups.Launch launch;
        try {
            launch = ProcessGroups.inOwnGroup(command, pb.environment().get("PATH"));
            pb.command(launch.command());
            if (launch.gated()) {
                pb.redirectInput(ProcessBuilder.Redirect.PIPE);
            }
            p = pb.start();
        } catch (IOException e) {
            throw new UpgradeException(ErrorCode.PROCESS_FAILED, "Cannot start " + shown + ": " + mask(IoProblems.describe(e)),
                    IoProblems.kind(e) == IoProblems.Kind.PERMISSION_DENIED
                            ? "Make " + command.get(0) + " executable by the user running civi-upgrade (chmod +x), or give another one."
                            : "Install " + command.get(0) + " or give its full path.", e);
        }
        ChildWatch.Watched watched = ChildWatch.started(p, shown); // journaled before it is waited on
        if (launch.gated()) {
            ProcessGroups.open(p); // only now does the program run: a kill before this point leaves nothing running
        }
        try {
            return waitFor(p, watched.start(), shown, start);
        } finally {
            watched.close();
        }
    }

    private Result waitFor(Process p, String childStart, String shown, long start) throws InterruptedException {
        Deque<String> kept = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String m = mask(line);
                    synchronized (kept) {
                        kept.addLast(m);
                        if (kept.size() > KEPT_LINES) {
                            kept.removeFirst();
                        }
                    }
                    LOG.debug("{}: {}", command.get(0), m);
                    try {
                        onLine.accept(m);
                    } catch (RuntimeException e) {
                        LOG.warn("Output consumer failed: {}", e.toString());
                    }
                }
            } catch (IOException e) {
                LOG.debug("Output of {} ended: {}", shown, e.toString());
            }
        }, "process-output-" + command.get(0));
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p, childStart);
                reader.join(5000);
                throw new UpgradeException(ErrorCode.PROCESS_FAILED, shown + " did not finish within " + timeout
                        + " and was stopped. Last output: " + last(kept, 5),
                        "Run the command by hand to see how long it needs, then give a longer timeout.", null);
            }
        } catch (InterruptedException e) {
            kill(p, childStart);
            throw e;
        }
        reader.join(10_000);
        List<String> lines;
        synchronized (kept) {
            lines = new ArrayList<>(kept);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("{} exited with {} after {}", shown, p.exitValue(), took);
        return new Result(p.exitValue(), lines, took);
    }

    private static String last(Deque<String> kept, int n) {
        synchronized (kept) {
            List<String> l = new ArrayList<>(kept);
            return String.join(" | ", l.subList(Math.max(0, l.size() - n), l.size()));
        }
    }

    private static void kill(Process p, String childStart) throws InterruptedException {
        ProcessGroups.kill(p.toHandle(), childStart);
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
