///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION export: write samples as each fine-tuning target's own upload-ready JSONL, gated by validate's rules
//JAVA 17+
//SOURCES ../lib/core.java
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.export.ExportCommand;

/** Thin launcher: the command and its logic live in lib (ftkit.export). */
class export {
    public static void main(String[] args) {
        System.exit(ExportCommand.commandLine().execute(args));
    }
}
