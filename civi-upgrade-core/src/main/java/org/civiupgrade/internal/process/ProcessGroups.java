package org.civiupgrade.internal.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts upgrader children in their own process group and kills whole groups. Where the
 * {@code setsid} program exists (util-linux, on every usual Linux), a child is started as
 * {@code setsid -w <command>}: it becomes the leader of a new session and process group whose id
 * is its pid, so everything it starts (php, mysql) can be found and killed together, and a signal
 * sent to the JVM's group (Ctrl-C) does not reach it half-way. Where {@code setsid} is missing
 * (macOS, Windows) the child stays in the JVM's group and only it and its live descendants are
 * killed; descendants whose parent already died cannot be found there.
 */
public final class ProcessGroups {
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private ProcessGroups() {
    }

    /** The {@code setsid} program, or null when there is none. */
    public static Path setsid() {
        for (Path p : SETSID) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * What to start: the command, and whether it waits at a gate for {@link #open} before the
     * program runs (its standard input must then be a pipe).
     */
    public record Launch(List<String> command, boolean gated) { }

    /**
     * The shell gate in front of the program: it reads one line from standard input and only then
     * replaces itself (same pid) with the program, so the program does nothing before the caller
     * has journaled its pid; when the caller dies first, the pipe closes and the gate exits with
     * 125 without running the program.
     */
    private static final String GATE = "IFS= read -r go || exit 125; [ \"$go\" = go ] || exit 125; exec \"$0\" \"$@\"";
    private static final Path SH = Path.of("/bin/sh");

    /** Lets a gated child run its program (and closes its standard input, which the program then reads as empty). */
    public static void open(Process child) {
        try (java.io.OutputStream in = child.getOutputStream()) {
            in.write("go\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the child already ended; its exit status tells the caller
        }
    }

    /**
     * The command to start so that it runs in its own process group, behind the gate (unchanged
     * and ungated when that is not possible here).
     *
     * @param path the PATH the program is looked up in
     * @throws IOException when the program cannot be found or executed, as starting it directly
     *                     would report (setsid would start and only then fail)
     */
    public static Launch inOwnGroup(List<String> command, String path) throws IOException {
        Path setsid = setsid();
        if (setsid == null || !ProcessStart.procAvailable() || !Files.isExecutable(SH)) {
            return new Launch(command, false);
        }
        String program = command.get(0);
        if (program.contains("/")) {
            if (!Files.isExecutable(Path.of(program)) || Files.isDirectory(Path.of(program))) {
                throw new IOException("Cannot run program \"" + program + "\": no such executable file");
            }
        } else {
            boolean found = false;
            for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                throw new IOException("Cannot run program \"" + program + "\": not found on the PATH");
            }
        }
        List<String> out = new ArrayList<>(List.of(setsid.toString(), "-w", SH.toString(), "-c", GATE));
        out.addAll(command);
        return new Launch(out, true);
    }

    /**
     * Live processes of process group {@code group} that started no earlier than {@code notBefore}
     * (a {@link ProcessStart} of the group's leader; null: any), read from {@code /proc}; empty
     * where {@code /proc} is missing.
     */
    public static List<Long> members(long group, String notBefore) {
        List<Long> out = new ArrayList<>();
        if (!ProcessStart.procAvailable()) {
            return out;
        }
        long minTicks = notBefore != null && notBefore.startsWith("ticks:") ? Long.parseLong(notBefore.substring(6)) : -1;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                ProcessStart.stat(pid).ifPresent(f -> {
                    if (f.length > 19 && f[2].equals(Long.toString(group)) && Long.parseLong(f[19]) >= minTicks) {
                        out.add(pid);
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /**
     * SIGKILL to the child, its live descendants and, when it was started in its own group, every
     * live member of that group that started no earlier than it (also after the child itself ended).
     *
     * @param start the child's {@link ProcessStart}, read when it was started
     */
    public static void kill(ProcessHandle child, String start) {
        long pid = child.pid();
        List<ProcessHandle> all = new ArrayList<>();
        child.descendants().forEach(all::add);
        if (start != null && start.startsWith("ticks:")) {
            for (long member : members(pid, start)) {
                ProcessHandle.of(member).ifPresent(all::add);
            }
        }
        child.destroyForcibly();
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
    }
}
