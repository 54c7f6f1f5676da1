///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION datasets: list, show, print (JSONL), delete, back up and restore the datasets saved in the store
//JAVA 17+
//SOURCES ../lib/store.java

import ftkit.store.DatasetsCommand;

/** Thin launcher: the command and its logic live in lib (ftkit.store.DatasetsCommand). */
class datasets {
    public static void main(String[] args) {
        System.exit(DatasetsCommand.commandLine().execute(args));
    }
}
