package org.civiupgrade.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.civiupgrade.testkit.TestDatabase;

/**
 * Kills database connections in the middle of a run, as a server restart, a {@code wait_timeout}
 * or an administrator's {@code KILL} does: a thread watches the server's process list (as the
 * test's administrator) and kills every connection of the given account whose running statement
 * contains the markers, from the first time it sees one for a given window (0: that time only;
 * longer: retries are killed too).
 */
final class Killer implements AutoCloseable {
    private final Thread thread;
    private final AtomicInteger killed = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stop;

    private Killer(TestDatabase db, String user, List<String> markers, long windowMillis) {
        thread = new Thread(() -> {
            long firstKill = 0;
            try (Connection c = TestDatabase.connect(db.coordinates()); Statement st = c.createStatement()) {
                while (!stop && (firstKill == 0 || System.currentTimeMillis() - firstKill < windowMillis)) {
                    List<Long> ids = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery("SELECT ID, INFO FROM information_schema.PROCESSLIST WHERE USER = '" + user + "'")) {
                        while (rs.next()) {
                            String info = rs.getString(2);
                            if (info != null && markers.stream().allMatch(info::contains)) {
                                ids.add(rs.getLong(1));
                            }
                        }
                    }
                    for (long id : ids) {
                        try {
                            st.execute("KILL CONNECTION " + id);
                            killed.incrementAndGet();
                            if (firstKill == 0) {
                                firstKill = System.currentTimeMillis();
                            }
                        } catch (java.sql.SQLException gone) {
                            // it ended meanwhile
                        }
                    }
                    Thread.sleep(3);
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }, "connection-killer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts killing the connections of {@code user} running a statement that contains every marker,
     * for {@code windowMillis} after the first kill (0: once).
     */
    static Killer start(Bench b, String user, long windowMillis, String... markers) {
        Killer k = new Killer(b.db, user, List.of(markers), windowMillis);
        b.cleanup(k);
        return k;
    }

    int killed() {
        return killed.get();
    }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.join(10_000);
        if (failure.get() != null) {
            throw failure.get();
        }
        if (killed.get() == 0) {
            throw new IllegalStateException("no connection was killed: the scenario did not happen");
        }
    }
}
