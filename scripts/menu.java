///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION menu: interactive menu to configure, generate, inspect, export a dataset and edit config.yaml
//JAVA 17+
//SOURCES ../lib/menu.java
//RUNTIME_OPTIONS -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED

import ftkit.menu.MenuCommand;

/** Thin launcher: the menu lives in lib (ftkit.menu.MenuCommand). */
class menu {
    public static void main(String[] args) {
        System.exit(MenuCommand.commandLine().execute(args));
    }
}
