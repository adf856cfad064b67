package org.civiupgrade.internal.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds recorded upgrader children that are still running: a recorded pid that is alive with the
 * same {@link ProcessStart} (so a pid the system gave to a later process is not mistaken for it),
 * or live members of the process group it led.
 */
public final class LiveUpgraders {
    private LiveUpgraders() {
    }

    /** A recorded child still running, with the pids of its group still alive (the child's own first when alive). */
    public record Live(long pid, String start, String command, List<Long> pids) {
        public Live {
            pids = List.copyOf(pids);
        }

        /** What to type to stop it. */
        public String howToStop() {
            boolean group = start.startsWith("ticks:");
            return group ? "kill -TERM -- -" + pid + " (its process group); if it is still running a minute later, kill -KILL -- -" + pid
                    : "kill -TERM " + pid + "; if it is still running a minute later, kill -KILL " + pid;
        }

        /** One line for messages. */
        public String describe() {
            return "pid " + pid + (pids.equals(List.of(pid)) ? "" : " (processes still running: " + pids + ")")
                    + ", started as " + command;
        }
    }

    /** Whether the recorded child (pid, start) is still running, and which of its pids are. */
    public static java.util.Optional<Live> find(long pid, String start, String command) {
        List<Long> pids = new ArrayList<>();
        String now = ProcessStart.of(pid);
        boolean same = !now.equals(ProcessStart.EXITED) && (now.equals(start) || start.equals(ProcessStart.UNKNOWN)
                || now.equals(ProcessStart.UNKNOWN));
        if (same) {
            pids.add(pid);
        } else if (!now.equals(ProcessStart.EXITED)) {
            // the pid now belongs to a later process; a process group keeps its leader's pid from
            // being reused while it has members, so the recorded child's group is gone too
            return java.util.Optional.empty();
        }
        if (start.startsWith("ticks:")) {
            for (long member : ProcessGroups.members(pid, start)) {
                if (member != pid) {
                    pids.add(member);
                }
            }
        }
        return pids.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new Live(pid, start, command, pids));
    }
}
