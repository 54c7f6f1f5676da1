package ftkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A script run in a real terminal, a tmux pane on a private server, driven the way a user does: keys in, screen
 * out. Tests that need a terminal (the menu, free mode's question) share it; {@link #close()} kills the server.
 */
public final class TmuxPane implements AutoCloseable {
    /** How long one step may take once the script runs. */
    public static final Duration STEP = Duration.ofSeconds(90);

    private final String socket;
    private final String session;
    private int consumedLines;
    private boolean started;

    /** A pane named {@code session} on a tmux server of its own (socket {@code ftkit-<session>-it-<pid>-<nanos>}). */
    public TmuxPane(String session) {
        this.session = session;
        this.socket = "ftkit-" + session + "-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    /** Whether tmux can be run here. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts {@code bash launcher} in a 220x50 pane with a long scrollback (its config written to {@code confDir}). */
    public void start(Path launcher, Path confDir) throws IOException, InterruptedException {
        Path tmuxConf = confDir.resolve("tmux.conf");
        Files.writeString(tmuxConf, "set -g history-limit 100000\n");
        tmux("-f", tmuxConf.toString(), "new-session", "-d", "-s", session, "-x", "220", "-y", "50", "bash " + quote(launcher));
        started = true;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("tmux hung: " + cmd);
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) throw new IllegalStateException(cmd + ": " + out);
        return out;
    }

    /** The whole pane, scrollback included, wrapped lines joined; with the colour escapes when asked. */
    public String screen(boolean withEscapes) throws IOException, InterruptedException {
        return withEscapes ? tmux("capture-pane", "-p", "-e", "-J", "-S", "-", "-t", session)
                : tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session);
    }

    /** Waits until {@code text} appears below what earlier calls matched; returns the lines from there to the end. */
    public String expect(String text, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String[] lines;
        while (true) {
            lines = screen(false).split("\n", -1);
            for (int i = consumedLines; i < lines.length; i++) {
                if (lines[i].contains(text)) {
                    StringBuilder block = new StringBuilder();
                    for (int j = consumedLines; j <= i; j++) block.append(lines[j]).append('\n');
                    consumedLines = i + 1;
                    return block.toString();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' did not appear in " + within.toSeconds() + " s; screen after line "
                        + consumedLines + ":\n" + String.join("\n",
                        Arrays.copyOfRange(lines, Math.max(0, consumedLines - 5), lines.length)));
            }
            Thread.sleep(200);
        }
    }

    public String expect(String text) throws Exception {
        return expect(text, STEP);
    }

    /** Types {@code line} and Enter (an empty line is Enter alone). */
    public void type(String line) throws Exception {
        if (!line.isEmpty()) tmux("send-keys", "-t", session, "-l", line);
        tmux("send-keys", "-t", session, "Enter");
    }

    /** {@code path} quoted for bash. */
    public static String quote(Object path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (started) tmux("kill-server");
    }
}
