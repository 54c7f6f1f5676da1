///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION stats: a dataset's counts, token figures per target with the limit, breakdowns, roles, turns and duplicates as terminal tables; charts as PNG
//JAVA 17+
//SOURCES ../lib/stats.java
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.stats.StatsCommand;

/** Thin launcher: the command lives in lib (ftkit.stats.StatsCommand, over ftkit.notebook and ftkit.store). */
class stats {
    public static void main(String[] args) {
        System.exit(StatsCommand.commandLine().execute(args));
    }
}
