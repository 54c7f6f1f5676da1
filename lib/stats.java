// JBang bundle of the ftkit lib's stats layer: the notebook helpers (Tablesaw, XChart) and the store (SQLite,
// PostgreSQL), which includes the core layer. A script gets it with `//SOURCES ../lib/stats.java`.
// Rules: see core.java. Each bundle is listed once, so a layer pulled in by two of them is compiled once.
//SOURCES notebook.java
//SOURCES store.java
//SOURCES src/main/java/ftkit/stats*/*.java

/** Marker class: the JBang directives above are the content of this file. */
final class StatsLayerBundle {
    private StatsLayerBundle() {}
}
