package org.civiupgrade.internal.process;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps track of the upgrader children ({@code cv}, {@code drush}, any
 * {@link org.civiupgrade.spi.support.ProcessRunner} child) of this JVM so that they die with it: a
 * shutdown hook (run on normal exit, Ctrl-C and SIGTERM; never on SIGKILL or a power cut) kills
 * each live child's process group. The run engine installs a {@link Recorder} for the thread that
 * runs the steps, which writes each child's pid and start time into the journal before the runner
 * waits on it, so that {@code status} and {@code recover} can find a child that outlived a killed
 * JVM.
 */
public final class ChildWatch {
    private static final Map<Long, Child> LIVE = new ConcurrentHashMap<>();
    private static final InheritableThreadLocal<Recorder> RECORDER = new InheritableThreadLocal<>();
    private static volatile boolean hooked;

    private ChildWatch() {
    }

    private record Child(ProcessHandle handle, String start) { }

    /** Where the children started by a thread are recorded (the run's journal). */
    public interface Recorder {
        /** The child with this pid and {@link ProcessStart} is running {@code command} (masked). */
        void started(long pid, String start, String command);

        /** The child ended (or was killed and waited for). */
        void ended(long pid);
    }

    /** A started child: closing it says it ended. */
    public interface Watched extends AutoCloseable {
        /** The child's {@link ProcessStart}, read right after it started. */
        String start();

        @Override
        void close();
    }

    /** Undoes {@link #install}: the thread records with the recorder it had before. */
    public interface Installed extends AutoCloseable {
        @Override
        void close();
    }

    /** Children started by this thread (and threads it starts) from now on are recorded by {@code recorder}. */
    public static Installed install(Recorder recorder) {
        Recorder before = RECORDER.get();
        RECORDER.set(recorder);
        return () -> RECORDER.set(before);
    }

    /**
     * Registers a child just started: the shutdown hook will kill it, and the current thread's
     * recorder (if any) journals it. When journaling fails the child is killed and the failure
     * thrown, so no child runs unrecorded.
     */
    public static Watched started(Process child, String command) {
        hook();
        long pid = child.pid();
        String start = ProcessStart.of(pid);
        LIVE.put(pid, new Child(child.toHandle(), start));
        Recorder r = RECORDER.get();
        if (r != null) {
            try {
                r.started(pid, start, command);
            } catch (RuntimeException | Error e) {
                ProcessGroups.kill(child.toHandle(), start);
                LIVE.remove(pid);
                throw e;
            }
        }
        return new Watched() {
            @Override
            public String start() {
                return start;
            }

            @Override
            public void close() {
                LIVE.remove(pid);
                if (r != null) {
                    r.ended(pid);
                }
            }
        };
    }

    private static void hook() {
        if (hooked) {
            return;
        }
        synchronized (ChildWatch.class) {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    for (Child c : LIVE.values()) {
                        ProcessGroups.kill(c.handle(), c.start());
                    }
                }, "civi-upgrade-kill-children"));
                hooked = true;
            }
        }
    }
}
