package org.civiupgrade.cv;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code cv upgrade:db -v} prints: status lines, one title per task between
 * "Executing upgrade..." and "Finishing upgrade...", "Have a nice day." at the end of a
 * success, and on failure {@code Error executing task "<title>"} followed by the Symfony
 * console's exception block ({@code In File.php line N:} or {@code [ExceptionClass]}, then
 * the indented message).
 */
public final class CvOutput {
    /** The last line of a successful {@code cv upgrade:db}. */
    public static final String NICE_DAY = "Have a nice day.";
    private static final Pattern ALREADY = Pattern.compile("You are already upgraded to CiviCRM (\\S+)");
    private static final Pattern FAILED_TASK = Pattern.compile("Error executing task \"(.*)\"");
    private static final Pattern BLOCK_START = Pattern.compile("^\\s*(In \\S+ line \\d+:|\\[[\\w\\\\]+(?: \\(\\d+\\))?\\])\\s*$");
    private static final Pattern CLASS_LINE = Pattern.compile("^\\s*\\[[\\w\\\\]+(?: \\(\\d+\\))?\\]\\s*$");

    private CvOutput() {
    }

    /** True when the output shows a finished upgrade (or that there was nothing to do). */
    public static boolean succeeded(List<String> lines) {
        return lines.stream().anyMatch(l -> l.trim().equals(NICE_DAY) || ALREADY.matcher(l).find());
    }

    /** Task titles printed between "Executing upgrade..." and "Finishing upgrade...". */
    public static List<String> tasks(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean executing = false;
        for (String l : lines) {
            String t = l.trim();
            if (t.equals("Executing upgrade...") || t.equals("Resuming upgrade...")) {
                executing = true;
            } else if (t.equals("Finishing upgrade...") || FAILED_TASK.matcher(t).find()) {
                executing = false;
            } else if (executing && !t.isEmpty() && !t.matches("\\.+")) {
                out.add(t);
            }
        }
        return out;
    }

    /** The title of the task that failed, if cv named one. */
    public static Optional<String> failedTask(List<String> lines) {
        for (String l : lines) {
            Matcher m = FAILED_TASK.matcher(l);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** The message of the exception cv printed, joined into one line; else the last non-blank lines. */
    public static String errorMessage(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (BLOCK_START.matcher(lines.get(i)).matches()) {
                List<String> msg = new ArrayList<>();
                int j = i + 1;
                while (j < lines.size() && lines.get(j).trim().isEmpty()) {
                    j++;
                }
                for (; j < lines.size() && !lines.get(j).trim().isEmpty(); j++) {
                    if (!CLASS_LINE.matcher(lines.get(j)).matches()) {
                        msg.add(lines.get(j).trim());
                    }
                }
                if (!msg.isEmpty()) {
                    return String.join(" ", msg);
                }
            }
        }
        List<String> tail = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && tail.size() < 3; i--) {
            if (!lines.get(i).trim().isEmpty()) {
                tail.add(0, lines.get(i).trim());
            }
        }
        return tail.isEmpty() ? "(no output)" : String.join(" | ", tail);
    }
}
