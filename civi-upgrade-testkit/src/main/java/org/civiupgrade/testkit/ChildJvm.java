package org.civiupgrade.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started on this JVM's class path to run a main class, for crash tests: its output is
 * read on a separate thread (killing a process closes its streams), {@link #awaitLine} waits for
 * a marker it prints, and {@link #kill()} sends SIGKILL.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Thread reader;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = out.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException closed) {
                // the kill closed the stream
            }
        }, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with the arguments and extra environment variables (stderr merged into stdout). */
    public static ChildJvm start(Class<?> mainClass, Map<String, String> environment, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1", mainClass.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(environment);
        return new ChildJvm(pb.start());
    }

    /**
     * Waits for the first line matching {@code wanted} (lines before it are kept in {@link #output()}).
     *
     * @return the line, or empty when the child ended or the time ran out first
     */
    public Optional<String> awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(200, TimeUnit.MILLISECONDS);
            if (l == null) {
                if (!process.isAlive() && !reader.isAlive() && lines.isEmpty()) {
                    return Optional.empty();
                }
            } else {
                seen.add(l);
                if (wanted.test(l)) {
                    return Optional.of(l);
                }
            }
        }
        return Optional.empty();
    }

    /** SIGKILL, then waits for the process to end and for its output to be read. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The child JVM did not die within 30 s of SIGKILL.");
        }
        reader.join(10_000);
    }

    /** Every line the child printed so far. */
    public List<String> output() {
        lines.drainTo(seen);
        return List.copyOf(seen);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
